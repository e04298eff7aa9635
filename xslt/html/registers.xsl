<?xml version="1.0" encoding="UTF-8"?>
<!--
  registers.xsl: the register pages of the reading edition (persons, places, organisations)
  across all texts of the corpus: the entries of the registers file (TEI Guidelines 13.3;
  $registers, may be empty) and the mentions of the texts ($texts, URIs of TEI files), in
  Russian alphabetical order, each entry with its variant forms, its number of mentions per
  text, and every mention as a short context linking to the exact place in the text.
  A mention whose @ref resolves nowhere gets an entry of its own, built from its text.

  A stylesheet of its own beside html.xsl (a text's pages), sharing its parameters and helpers:
  a render runs both at once in two processes, and each compiles only what it runs. Run with
  the initial template (no source document needed):
    <registers>
      <register kind="person" file="persons.html" title=".." entries="N" mentions="M">
        <fragment name="body">..HTML..</fragment>
      </register> ...
    </registers>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:include href="params.xsl"/>
  <xsl:include href="functions.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="docs" as="document-node()*"
      select="if (exists($text-documents)) then $text-documents?* else tokenize($texts) ! doc(.)"/>
  <xsl:variable name="all-mentions" as="element()*"
      select="$docs/tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName)
              [not(ancestor::*[self::tei:persName | self::tei:placeName | self::tei:orgName])]"/>
  <!-- The plain text of every mention (its name as written), read once: the entry name, the
       forms and every mention line use it. -->
  <xsl:variable name="plain" as="map(xs:string, xs:string)"
      select="map:merge($all-mentions ! map{generate-id(.): h:plain(.)})"/>
  <!-- The title of every text (for the counts of each entry) and its short title (for the
       line under each of its mentions), read once. -->
  <xsl:variable name="titles" as="map(xs:string, xs:string)"
      select="map:merge($docs ! map{generate-id(.): h:text-title(.)})"/>
  <xsl:variable name="short-titles" as="map(xs:string, xs:string)"
      select="map:merge($docs ! map{generate-id(.): h:short-title(.)})"/>
  <xsl:variable name="blocks" as="xs:string*"
      select="('p', 'ab', 'item', 'head', 'note', 'titlePart', 'docAuthor', 'docImprint', 'l', 'byline', 'quote', 'bibl')"/>

  <!-- Raw characters read next to a mention for its context: several times $snippet-chars,
       so that collapsing runs of whitespace still leaves enough. -->
  <xsl:variable name="context-window" as="xs:integer" select="$snippet-chars * 4"/>

  <xsl:template name="xsl:initial-template">
    <registers>
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="mentions" select="$all-mentions[$kind-of(local-name()) = $kind]"/>
        <register kind="{$kind}" file="{$register-file($kind)}" title="{$label('register-title-' || $kind)}"
                  mentions="{count($mentions)}">
          <fragment name="body">
            <xsl:call-template name="h:register">
              <xsl:with-param name="kind" select="$kind"/>
              <xsl:with-param name="mentions" select="$mentions"/>
            </xsl:call-template>
          </fragment>
        </register>
      </xsl:for-each>
    </registers>
  </xsl:template>

  <xsl:template name="h:register">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <h1><xsl:value-of select="$label('register-title-' || $kind)"/></h1>
    <!-- entry key -> its mentions, and entry key -> the name it is filed under -->
    <xsl:variable name="groups" as="map(xs:string, element()*)">
      <xsl:map>
        <xsl:for-each-group select="$mentions" group-by="h:entry-key(.)">
          <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:variable name="names" as="map(xs:string, xs:string)"
        select="map:merge(map:keys($groups) ! map{. : h:group-name($groups(.))})"/>
    <xsl:variable name="sorted" as="xs:string*"
        select="sort(map:keys($groups), (), function($k) { h:sort-key($names($k)), $names($k), $k })"/>
    <xsl:choose>
      <xsl:when test="empty($sorted)">
        <p class="register-empty">—</p>
      </xsl:when>
      <xsl:otherwise>
        <nav class="alphabet" aria-label="{$label('alphabet')}">
          <xsl:for-each-group select="$sorted" group-adjacent="h:initial($names(.))">
            <a href="#letter-{position()}"><xsl:value-of select="current-grouping-key()"/></a>
            <xsl:text> </xsl:text>
          </xsl:for-each-group>
        </nav>
        <xsl:for-each-group select="$sorted" group-adjacent="h:initial($names(.))">
          <section class="letter" aria-labelledby="letter-{position()}">
            <h2 id="letter-{position()}"><xsl:value-of select="current-grouping-key()"/></h2>
            <xsl:for-each select="current-group()">
              <xsl:call-template name="h:entry">
                <xsl:with-param name="key" select="."/>
                <xsl:with-param name="name" select="$names(.)"/>
                <xsl:with-param name="mentions" select="$groups(.)"/>
              </xsl:call-template>
            </xsl:for-each>
          </section>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The name of an entry: the register's canonical name; without an entry, the most
       frequent form among the mentions. -->
  <xsl:function name="h:group-name" as="xs:string">
    <xsl:param name="mentions" as="element()*"/>
    <xsl:variable name="forms" select="$mentions ! $plain(generate-id(.))"/>
    <xsl:variable name="entry" select="h:entry($mentions[1])"/>
    <!-- the forms are counted only for an entry without a name of its own (see h:entry-name) -->
    <xsl:sequence select="if ($entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName]) then h:entry-name($entry, '')
                          else (sort(distinct-values($forms), (), function($f) { - count($forms[. = $f]) })[1], '?')[1]"/>
  </xsl:function>

  <!-- The letter an entry is filed under: Ё with Е. -->
  <xsl:function name="h:initial" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="c" select="upper-case(substring(replace($name, '^[^\p{L}\p{N}]+', ''), 1, 1))"/>
    <xsl:sequence select="if ($c = 'Ё') then 'Е' else if ($c = '') then '#' else $c"/>
  </xsl:function>

  <xsl:template name="h:entry">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:variable name="entry" select="h:entry($mentions[1])"/>
    <xsl:variable name="registered" select="$entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName]
                                            [@type = 'variant' or not($entry)]
                                            ! (if (self::tei:persName) then h:person-name(.) else normalize-space(.))"/>
    <!-- spelling variants are the register's; the forms found (case forms too) come from the texts -->
    <xsl:variable name="variants" select="distinct-values($registered)[. != $name]"/>
    <xsl:variable name="forms" select="distinct-values($mentions ! $plain(generate-id(.)))"/>
    <article class="entry" id="{$key}" aria-labelledby="{$key}-name">
      <h3 class="entry-name" id="{$key}-name"><xsl:value-of select="$name"/></h3>
      <xsl:variable name="life" select="($entry/tei:birth/@when, $entry/tei:death/@when) ! substring(., 1, 4)"/>
      <xsl:if test="count($life) = 2">
        <p class="entry-dates"><xsl:value-of select="string-join($life, '–')"/></p>
      </xsl:if>
      <xsl:if test="exists($variants)">
        <p class="entry-variants">
          <span class="field-name"><xsl:value-of select="$label('variants')"/>: </span>
          <xsl:value-of select="string-join($variants, '; ')"/>
        </p>
      </xsl:if>
      <xsl:if test="exists($forms)">
        <p class="entry-forms">
          <span class="field-name"><xsl:value-of select="$label('forms')"/>: </span>
          <xsl:value-of select="string-join(sort($forms), '; ')"/>
        </p>
      </xsl:if>
      <xsl:for-each select="$entry/tei:idno[@type = 'wikidata']">
        <p class="entry-idno"><xsl:value-of select="$label('wikidata')"/>: <a href="https://www.wikidata.org/wiki/{normalize-space(.)}" rel="external"><xsl:value-of select="normalize-space(.)"/></a></p>
      </xsl:for-each>
      <xsl:for-each select="$entry/tei:location/tei:geo">
        <p class="entry-geo"><span class="field-name"><xsl:value-of select="$label('coordinates')"/>: </span><xsl:value-of select="replace(normalize-space(.), ' ', ', ')"/></p>
      </xsl:for-each>
      <xsl:for-each select="$entry/tei:note[@type = 'editorial']">
        <p class="entry-note"><xsl:value-of select="normalize-space(.)"/></p>
      </xsl:for-each>
      <p class="entry-counts">
        <span class="field-name"><xsl:value-of select="$label('mentions')"/>: </span>
        <xsl:for-each-group select="$mentions" group-by="root(.)/tei:TEI/@xml:id">
          <xsl:if test="position() gt 1">; </xsl:if>
          <span class="count" data-text="{current-grouping-key()}"><cite><xsl:value-of select="$titles(generate-id(root(.)))"/></cite> — <xsl:value-of select="count(current-group())"/></span>
        </xsl:for-each-group>
      </p>
      <details class="entry-mentions">
        <xsl:if test="count($mentions) le 10"><xsl:attribute name="open" select="'open'"/></xsl:if>
        <summary><xsl:value-of select="$label('mentions')"/> (<xsl:value-of select="count($mentions)"/>)</summary>
        <ul class="mentions">
          <xsl:for-each select="$mentions">
            <xsl:variable name="tid" select="string(root(.)/tei:TEI/@xml:id)"/>
            <xsl:variable name="page" select="accumulator-before('h:page')"/>
            <xsl:variable name="gid" select="generate-id(.)"/>
            <xsl:variable name="context" select="$contexts($gid)"/>
            <li>
              <a href="{$tid}/{($context[3], h:file-of(.))[1]}#{h:mention-id(.)}">
                <xsl:value-of select="($context[1], '')[1]"/>
                <mark><xsl:value-of select="$plain($gid)"/></mark>
                <xsl:value-of select="($context[2], '')[1]"/>
              </a>
              <xsl:text> </xsl:text>
              <span class="mention-where"><xsl:value-of select="string-join(($short-titles(generate-id(root(.))), $page[. != ''] ! ($label('page') || '&#160;' || .)), ', ')"/></span>
            </li>
          </xsl:for-each>
        </ul>
      </details>
    </article>
  </xsl:template>

  <xsl:function name="h:text-title" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="ts" select="$doc/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="h:plain(($ts/tei:title[@type = 'main'], $ts/tei:title)[1])"/>
  </xsl:function>

  <!-- The title cut to its first words, for the line under each mention. -->
  <xsl:function name="h:short-title" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="t" select="h:text-title($doc)"/>
    <xsl:variable name="words" select="tokenize($t)"/>
    <xsl:sequence select="if (count($words) le 4) then $t else string-join(subsequence($words, 1, 3), ' ') || '…'"/>
  </xsl:function>

  <!-- The context of every mention, by generate-id(): (before, after, file), up to
       $snippet-chars characters of its block on each side, cut at a word boundary, and the page
       of the site the mention is on (its block's: units never lie inside a block; none for a
       mention outside a block, see h:file-of). A block is read once for
       all its mentions: its text nodes are those whose nearest enclosing note is the block or
       encloses it (a note inside a paragraph is left out of the paragraph's context, not of its
       own), none of a figure description; each mention's context is a window of their joined
       text, located by the lengths of the text nodes before the mention and before its end.
       Windows are cut without regular expressions (Saxon's regular expressions over whole
       paragraphs, twice per name, were most of the time of the registers). -->
  <xsl:variable name="contexts" as="map(xs:string, xs:string+)">
    <xsl:map>
      <xsl:for-each-group select="$all-mentions" group-by="generate-id(ancestor::*[local-name() = $blocks][1])">
        <xsl:variable name="block" select="ancestor::*[local-name() = $blocks][1]"/>
        <xsl:variable name="texts" select="$block//text()[not(ancestor::tei:figDesc)][not(ancestor::tei:note[. >> $block])]"/>
        <xsl:variable name="lengths" select="$texts ! string-length(.)"/>
        <xsl:variable name="joined" select="string-join($texts)"/>
        <xsl:variable name="file" select="$block ! h:file-of(.)"/>
        <xsl:for-each select="current-group()">
          <xsl:variable name="m" select="."/>
          <!-- after the mention's last node: its own text is not context -->
          <xsl:variable name="m-end" select="($m/descendant-or-self::node())[last()]"/>
          <xsl:variable name="start" select="sum(subsequence($lengths, 1, count($texts[. &lt;&lt; $m])))"/>
          <xsl:variable name="end" select="sum(subsequence($lengths, 1, count($texts[not(. >> $m-end)])))"/>
          <xsl:map-entry key="generate-id($m)"
              select="h:context-before(substring($joined, $start - $context-window, $context-window + 1)),
                      h:context-after(substring($joined, $end + 1, $context-window)), $file"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- The end of $w, the raw text before a mention, as its context: whitespace collapsed by
       normalize-space(), keeping the space that touches the name; cut at a word boundary. -->
  <xsl:function name="h:context-before" as="xs:string">
    <xsl:param name="w" as="xs:string"/>
    <xsl:variable name="n" select="normalize-space($w)"/>
    <xsl:variable name="s" select="if ($n = '') then '' else $n || (if (h:is-space(substring($w, string-length($w)))) then ' ' else '')"/>
    <xsl:variable name="t" select="substring($s, string-length($s) - $snippet-chars)"/>
    <xsl:sequence select="if (string-length($s) le $snippet-chars) then $s
                          else '…' || (if (contains($t, ' ')) then substring-after($t, ' ') else $t)"/>
  </xsl:function>

  <!-- The start of $w, the raw text after a mention, as its context (see h:context-before). -->
  <xsl:function name="h:context-after" as="xs:string">
    <xsl:param name="w" as="xs:string"/>
    <xsl:variable name="n" select="normalize-space($w)"/>
    <xsl:variable name="s" select="if ($n = '') then '' else (if (h:is-space(substring($w, 1, 1))) then ' ' else '') || $n"/>
    <xsl:variable name="t" select="substring($s, 1, $snippet-chars)"/>
    <xsl:variable name="last-space" select="index-of(string-to-codepoints($t), 32)[last()]"/>
    <xsl:sequence select="if (string-length($s) le $snippet-chars) then $s
                          else (if (exists($last-space)) then substring($t, 1, $last-space - 1) else $t) || '…'"/>
  </xsl:function>

  <xsl:function name="h:is-space" as="xs:boolean">
    <xsl:param name="c" as="xs:string"/>
    <xsl:sequence select="$c = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>
</xsl:stylesheet>
