<?xml version="1.0" encoding="UTF-8"?>
<!--
  core.xsl: elements of the TEI core module (Guidelines ch. 3) in the reading edition:
  paragraphs (with stable ids, source pages and a permalink), highlighting, quotations, lists,
  line and page breaks (pages in the margin: «с. 14», linkable as #page-14), footnotes
  (a numbered reference in the text, the note in the list of notes; scripts only enhance),
  bibliographic citations and links.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- "14" or "14–15": the source pages a block spans. -->
  <xsl:function name="h:pages-of" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="first" select="$block/node()[not(self::text()[not(normalize-space())])][1]"/>
    <xsl:variable name="inner" select="$block//tei:pb[not(ancestor::tei:note)]"/>
    <xsl:variable name="start" select="if ($first/self::tei:pb) then string($first/@n) else $block ! accumulator-before('h:page')"/>
    <xsl:variable name="end" select="string(($inner/@n)[last()])"/>
    <xsl:sequence select="if ($end != '' and $end != $start and $start != '') then $start || '–' || $end
                          else if ($start != '') then $start else $end"/>
  </xsl:function>

  <!-- ============================================================ blocks -->

  <xsl:template match="tei:p | tei:ab">
    <p class="p" id="{h:id(.)}">
      <xsl:call-template name="h:cite-data"/>
      <xsl:apply-templates/>
      <xsl:call-template name="h:permalink"/>
    </p>
  </xsl:template>

  <!-- A paragraph inside a note, a quotation or an epigraph: no permalink of its own. -->
  <xsl:template match="tei:note//tei:p | tei:quote//tei:p | tei:epigraph//tei:p" priority="2">
    <p><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template name="h:cite-data">
    <xsl:variable name="pages" select="h:pages-of(.)"/>
    <xsl:if test="$pages != ''">
      <xsl:attribute name="data-page" select="$pages"/>
    </xsl:if>
  </xsl:template>

  <!-- The pilcrow after a block: its permalink; the edition script turns it into a
       "cite this" line (text, page, link). -->
  <xsl:template name="h:permalink">
    <xsl:if test="@xml:id">
      <xsl:text> </xsl:text>
      <a class="permalink" href="#{@xml:id}" aria-label="{$label('permalink')}">¶</a>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:variable name="ordered" select="@type = 'ordered' or @rend = 'numbered'"/>
    <xsl:element name="{if ($ordered) then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="string-join(('list', @rend ! ('list-' || .)), ' ')"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates select="tei:head" mode="list-head"/>
      <xsl:apply-templates select="node() except tei:head"/>
    </xsl:element>
  </xsl:template>

  <!-- A table read from the source's layout: rows of cells (a row of column labels as th). -->
  <xsl:template match="tei:table">
    <table class="table"><xsl:apply-templates select="tei:row"/></table>
  </xsl:template>
  <xsl:template match="tei:row">
    <tr><xsl:apply-templates select="tei:cell"/></tr>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{if (../@role = 'label' or @role = 'label') then 'th' else 'td'}"><xsl:apply-templates/></xsl:element>
  </xsl:template>

  <xsl:template match="tei:list/tei:head"/>
  <xsl:template match="tei:head" mode="list-head">
    <li class="list-head"><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:item">
    <li class="item">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:call-template name="h:cite-data"/>
      <xsl:apply-templates/>
      <xsl:call-template name="h:permalink"/>
    </li>
  </xsl:template>

  <!-- A quotation made of paragraphs is a block; a quotation inside a sentence stays inline
       (its quotation marks are part of the transcribed text, so no <q>). -->
  <xsl:template match="tei:quote[tei:p | tei:l | tei:lg]">
    <blockquote class="quote"><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:quote | tei:q | tei:said">
    <span class="quote"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="lg"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <span class="l"><xsl:apply-templates/></span><br/>
  </xsl:template>

  <!-- ============================================================ inline -->

  <xsl:template match="tei:hi">
    <xsl:variable name="r" select="tokenize(string(@rend))"/>
    <xsl:choose>
      <xsl:when test="$r = ('italic', 'i')"><em><xsl:apply-templates/></em></xsl:when>
      <xsl:when test="$r = ('bold', 'b')"><strong><xsl:apply-templates/></strong></xsl:when>
      <xsl:when test="$r = ('sup', 'superscript')"><sup><xsl:apply-templates/></sup></xsl:when>
      <xsl:when test="$r = ('sub', 'subscript')"><sub><xsl:apply-templates/></sub></xsl:when>
      <xsl:otherwise><span class="hi {$r ! ('hi-' || .)}"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:emph"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="tei:foreign | tei:term | tei:seg | tei:abbr | tei:expan | tei:num | tei:measure">
    <span class="{local-name()}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- lb marks the start of a line of the source (captions, title pages); a line-end word
       break (break="no") joins the two halves. -->
  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:cb | tei:fw | tei:milestone | tei:anchor"/>

  <!-- A page break of the source: a marginal «с. 14», itself the anchor #page-14. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="id" select="h:pb-id(.)"/>
    <span class="pb{if (@cert) then ' pb-inferred' else ''}" id="{$id}">
      <a class="pb-link" href="#{$id}">
        <!-- the page system named: the pages are the source's, not the PDF's -->
        <xsl:attribute name="title" select="$label('page') || ' ' || @n || ' ' || $label('page-system')
                                            || (if (@cert) then ' (' || $label('page-inferred') || ')' else '')"/>
        <xsl:value-of select="$label('page') || '&#160;' || @n"/>
      </a>
    </span>
  </xsl:template>

  <!-- Only a local pointer, a relative path or an http(s)/mailto URL becomes a link: a target
       with another scheme (javascript:, data:, vbscript:, ...) is hostile or unusable offline, so
       its text is kept without a link. -->
  <xsl:template match="tei:ref[@target]">
    <xsl:variable name="t" select="normalize-space(@target)"/>
    <xsl:variable name="target" select="if (starts-with($t, '#')) then root(.)/id(substring($t, 2)) else ()"/>
    <xsl:choose>
      <xsl:when test="h:safe-href($t)">
        <a class="ref" href="{if ($target) then h:file-of($target) || $t else $t}"><xsl:apply-templates><xsl:with-param name="h:in-link" select="true()" tunnel="yes"/></xsl:apply-templates></a>
        <xsl:call-template name="h:notes-after-link"/>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ bibliography -->

  <xsl:template match="tei:bibl | tei:biblStruct">
    <span class="bibl"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:bibl/tei:title | tei:biblStruct//tei:title">
    <cite class="title"><xsl:apply-templates/></cite>
  </xsl:template>
  <xsl:template match="tei:bibl/* | tei:biblStruct//*" priority="-1">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ============================================================ notes -->

  <xsl:function name="h:note-n" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@n, count($note/preceding::tei:note[not(@n)]) + 1)[1])"/>
  </xsl:function>

  <!-- In the running text a note is its reference: a link to the note in the list of notes
       (DPUB-ARIA doc-noteref). The note keeps the number printed in the source. -->
  <xsl:template match="tei:note">
    <xsl:param name="h:in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="not($h:in-link)">
      <xsl:call-template name="h:noteref"/>
    </xsl:if>
  </xsl:template>

  <!-- A link cannot hold a link: a note inside a name is referenced after the name's link. -->
  <xsl:template name="h:notes-after-link">
    <xsl:apply-templates select=".//tei:note[not(ancestor::tei:note)]">
      <xsl:with-param name="h:in-link" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template name="h:noteref">
    <xsl:variable name="id" select="h:id(.)"/>
    <a class="noteref" id="{$id}-ref" href="#{$id}" role="doc-noteref"
       aria-label="{h:note-label(.)}"><xsl:value-of select="h:note-n(.)"/></a>
  </xsl:template>

  <!-- Notes by their number: sources that number notes per page (the book) repeat numbers
       on one page of the site. -->
  <xsl:key name="h:note-by-n" match="tei:text//tei:note" use="h:note-n(.)"/>

  <!-- The source page of a note whose number is not unique on its page of the site (empty
       when it is unique): it tells the notes apart, in their labels and in the list. -->
  <xsl:function name="h:note-page" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="unit" select="h:unit-of($note)"/>
    <xsl:variable name="same" select="key('h:note-by-n', h:note-n($note), root($note))[not(. is $note)]
                                      [(h:unit-of(.), .)[1] is ($unit, $note)[1] or (empty($unit) and empty(h:unit-of(.)))]"/>
    <xsl:sequence select="if (exists($same)) then $note ! accumulator-before('h:page') else ''"/>
  </xsl:function>

  <!-- "Примечание 3", or "Примечание 1, с. 14" when the number repeats on the page. -->
  <xsl:function name="h:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="h:note-label($note, h:note-page($note))"/>
  </xsl:function>

  <!-- The same, with the note's h:note-page known. -->
  <xsl:function name="h:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:sequence select="$label('note') || ' ' || h:note-n($note)
                          || (if ($page != '') then ', ' || $label('page') || '&#160;' || $page else '')"/>
  </xsl:function>

  <!-- The list of notes of a page, in text order, each with its permalink and a link back to
       its reference. -->
  <xsl:template name="h:notes">
    <xsl:param name="notes" as="element()*"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-labelledby="notes-title">
        <h2 id="notes-title"><xsl:value-of select="$label('notes')"/></h2>
        <xsl:apply-templates select="$notes" mode="note-body"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:note" mode="note-body">
    <xsl:variable name="id" select="h:id(.)"/>
    <xsl:variable name="n" select="h:note-n(.)"/>
    <xsl:variable name="page" select="h:note-page(.)"/>
    <xsl:variable name="note-label" select="h:note-label(., $page)"/>
    <aside class="footnote" id="{$id}" role="doc-footnote" aria-label="{$note-label}">
      <a class="footnote-n" href="#{$id}" title="{$label('permalink')}"><xsl:value-of select="$n"/>
        <xsl:if test="$page != ''"><span class="footnote-page"><xsl:value-of select="$label('page') || '&#160;' || $page"/></span></xsl:if>
      </a>
      <div class="footnote-body">
        <xsl:choose>
          <xsl:when test="tei:p"><xsl:apply-templates/></xsl:when>
          <xsl:otherwise><p><xsl:apply-templates/></p></xsl:otherwise>
        </xsl:choose>
      </div>
      <a class="footnote-back" href="#{$id}-ref" aria-label="{$label('back-to-text')} ({$note-label})">↩</a>
    </aside>
  </xsl:template>
</xsl:stylesheet>
