<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub.xsl: one TEI text -> the content of its EPUB 3 (tei_edition.render.epub packs it).

  It imports the reading edition's stylesheet (xslt/html/html.xsl), so the EPUB shows the text
  exactly as the site does, and overrides only what an e-book needs:
    - a page break is an EPUB page marker (epub:type="pagebreak", role="doc-pagebreak") with
      the printed number, listed in the navigation document's page list;
    - a note reference is epub:type="noteref", the note an aside epub:type="footnote" in the
      same file, with links both ways;
    - a name links to its entry in the book's index of its kind (persons, places, organisations).
  Links keep the site's file names (chapter-1.html); the packer maps them to the book's files.

  Output (an XML document; the HTML inside has no namespace, epub:type has its own):
    <epub-text id="..">
      <meta> title, subtitle, author, date, lang, source </meta>
      <page kind="title|unit|about" file="index.html" id=".." title="..">
        <fragment name="body"/> <fragment name="notes"/>
      </page> ...
      <toc> <entry file="chapter-1.html" href="chapter-1.html#id" title=".." level="1"/> ... </toc>
      <pagelist> <pb file="chapter-1.html" id="page-14" n="14"/> ... </pagelist>
      <notes count="N"/>
    </epub-text>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    xmlns:epub="http://www.idpf.org/2007/ops"
    exclude-result-prefixes="#all">

  <xsl:import href="../html/html.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="text-only-copy" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:variable name="tid" select="string((tei:TEI/@xml:id, 'text')[1])"/>
    <epub-text id="{$tid}">
      <meta>
        <title><xsl:value-of select="$main-title"/></title>
        <subtitle><xsl:value-of select="$sub-title"/></subtitle>
        <author><xsl:value-of select="$author"/></author>
        <date><xsl:value-of select="$source-date"/></date>
        <lang><xsl:value-of select="(/tei:TEI/@xml:lang, /tei:TEI/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident, 'ru')[1]"/></lang>
        <source><xsl:value-of select="h:source-line()"/></source>
        <modified><xsl:value-of select="string(max(($header//tei:change/@when, $header/tei:fileDesc/tei:publicationStmt/tei:date/@when)[matches(., '^\d{4}-\d{2}-\d{2}$')] ! xs:date(.)))"/></modified>
      </meta>
      <page kind="title" file="index.html" id="{$tid}-title" title="{$main-title}">
        <fragment name="body"><xsl:call-template name="h:title-page"/></fragment>
        <fragment name="notes">
          <xsl:call-template name="h:notes">
            <xsl:with-param name="notes" select="tei:TEI/tei:text/tei:front//tei:note[not(ancestor::tei:note)]"/>
          </xsl:call-template>
        </fragment>
      </page>
      <xsl:for-each select="h:units(/)">
        <xsl:variable name="unit" select="."/>
        <page kind="unit" file="{h:unit-file(.)}" id="{h:id(.)}" title="{h:unit-title(.)}">
          <fragment name="body">
            <xsl:call-template name="h:unit-body"><xsl:with-param name="unit" select="."/></xsl:call-template>
          </fragment>
          <fragment name="notes">
            <xsl:call-template name="h:notes">
              <xsl:with-param name="notes" select="root(.)/tei:TEI/tei:text//tei:note[not(ancestor::tei:note)][not(ancestor::tei:front)][h:unit-of(.) is $unit]"/>
            </xsl:call-template>
          </fragment>
        </page>
      </xsl:for-each>
      <page kind="about" file="about.html" id="{$tid}-about" title="{$label('about')}">
        <fragment name="body"><xsl:call-template name="h:about"/></fragment>
        <fragment name="notes"/>
      </page>
      <toc>
        <xsl:for-each select="h:units(/)">
          <xsl:variable name="file" select="h:unit-file(.)"/>
          <xsl:variable name="depth" select="count(ancestor-or-self::tei:div)"/>
          <entry file="{$file}" href="{$file}" title="{h:unit-title(.)}" level="1"/>
          <xsl:for-each select=".//tei:div[tei:head]">
            <entry file="{$file}" href="{$file}#{h:id(.)}" title="{h:plain(tei:head[1])}"
                   level="{count(ancestor-or-self::tei:div) - $depth + 1}"/>
          </xsl:for-each>
        </xsl:for-each>
      </toc>
      <pagelist>
        <xsl:for-each select="/tei:TEI/tei:text//tei:pb[normalize-space(@n)]">
          <pb file="{h:file-of(.)}" id="{h:pb-id(.)}" n="{normalize-space(@n)}"/>
        </xsl:for-each>
      </pagelist>
      <notes count="{count(/tei:TEI/tei:text//tei:note)}"/>
    </epub-text>
  </xsl:template>

  <!-- The source in one line for dc:source: author, title, imprint. -->
  <xsl:function name="h:source-line" as="xs:string">
    <xsl:variable name="monogr" select="$source-desc/tei:biblStruct/tei:monogr"/>
    <xsl:variable name="bibl" select="($source-desc/tei:bibl, $source-desc/tei:biblStruct)[1]"/>
    <xsl:variable name="imprint" select="string-join(($monogr/tei:imprint/(tei:pubPlace, tei:publisher, tei:date)) ! h:plain(.), ', ')"/>
    <xsl:sequence select="string-join(($author[. != ''], $main-title, $imprint[. != '']), '. ')"/>
  </xsl:function>

  <!-- ============================================================ overrides -->

  <!-- A page of the source: the EPUB page marker (the printed number is its label). -->
  <xsl:template match="tei:pb">
    <span class="pb{if (@cert) then ' pb-inferred' else ''}" id="{h:pb-id(.)}" epub:type="pagebreak"
          role="doc-pagebreak" aria-label="{normalize-space(@n)}">
      <xsl:value-of select="$label('page') || '&#160;' || normalize-space(@n)"/>
    </span>
  </xsl:template>

  <xsl:template name="h:noteref">
    <xsl:variable name="id" select="h:id(.)"/>
    <a class="noteref" id="{$id}-ref" href="#{$id}" epub:type="noteref" role="doc-noteref"><xsl:value-of select="h:note-n(.)"/></a>
  </xsl:template>

  <xsl:template match="tei:note" mode="note-body">
    <xsl:variable name="id" select="h:id(.)"/>
    <xsl:variable name="n" select="h:note-n(.)"/>
    <aside class="footnote" id="{$id}" epub:type="footnote" role="doc-footnote">
      <p class="footnote-n"><a href="#{$id}-ref" role="doc-backlink" aria-label="{$label('back-to-text')} ({h:note-label(.)})"><xsl:value-of select="$n"/></a></p>
      <div class="footnote-body">
        <xsl:choose>
          <xsl:when test="tei:p"><xsl:apply-templates/></xsl:when>
          <xsl:otherwise><p><xsl:apply-templates/></p></xsl:otherwise>
        </xsl:choose>
      </div>
    </aside>
  </xsl:template>

  <xsl:template name="h:notes">
    <xsl:param name="notes" as="element()*"/>
    <xsl:if test="exists($notes)">
      <section class="notes" epub:type="footnotes" role="doc-endnotes" aria-label="{$label('notes')}">
        <xsl:apply-templates select="$notes" mode="note-body"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- No permalinks in a book. -->
  <xsl:template name="h:permalink"/>

  <xsl:template match="tei:text//*[self::tei:persName | self::tei:placeName | self::tei:orgName]">
    <xsl:param name="h:in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$h:in-link">
      <span class="ent ent-{$kind-of(local-name())}" id="{h:mention-id(.)}"><xsl:apply-templates/></span>
    </xsl:if>
    <xsl:if test="not($h:in-link)">
    <a class="ent ent-{$kind-of(local-name())}" id="{h:mention-id(.)}" href="{$register-file($kind-of(local-name()))}#{h:entry-key(.)}">
      <xsl:apply-templates><xsl:with-param name="h:in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
    </a>
    <xsl:call-template name="h:notes-after-link"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
