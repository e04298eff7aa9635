<?xml version="1.0" encoding="UTF-8"?>
<!--
  data.xsl: what the site needs besides HTML: the records of the search index (one per
  paragraph, list item, heading, note and caption, with the page and link they stand for) and
  the plain-text download of the text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- ============================================================ search records -->

  <xsl:template name="h:search-records">
    <search>
      <xsl:for-each select="/tei:TEI/tei:text//(tei:p[not(ancestor::tei:note | ancestor::tei:epigraph)] | tei:item | tei:ab
                             | tei:div/tei:head | tei:note | tei:figure | tei:titlePart | tei:epigraph)">
        <xsl:variable name="text" select="if (self::tei:figure) then h:plain(tei:head | tei:bibl) else h:plain(.)"/>
        <xsl:if test="$text != ''">
          <xsl:variable name="target" select="if (self::tei:head) then .. else ."/>
          <r kind="{local-name()}" file="{h:file-of(.)}"
             id="{if ($target/@xml:id or self::tei:head or self::tei:note) then h:id($target) else ''}"
             page="{if (self::tei:note) then ancestor::*[@xml:id][1] ! h:pages-of(.) else h:pages-of(.)}">
            <xsl:if test="self::tei:note"><xsl:attribute name="n" select="h:note-n(.)"/></xsl:if>
            <xsl:value-of select="$text"/>
          </r>
        </xsl:if>
      </xsl:for-each>
    </search>
  </xsl:template>

  <!-- ============================================================ plain text -->

  <!-- The text as plain UTF-8: headings, paragraphs, [с. 14] at page breaks, note numbers in
       brackets and the notes at the end of each part. -->
  <xsl:template name="h:plain-text">
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="string-join(($main-title, $sub-title[. != ''], $author[. != '']), '&#10;')"/>
      <xsl:for-each select="/tei:TEI/tei:text/tei:front/*, h:units(/)">
        <xsl:variable name="blocks" as="xs:string*">
          <xsl:apply-templates select="." mode="txt"/>
        </xsl:variable>
        <xsl:sequence select="string-join($blocks[normalize-space()], '&#10;&#10;')"/>
        <xsl:variable name="notes" select=".//tei:note"/>
        <xsl:if test="$notes">
          <xsl:sequence select="string-join(($label('notes'), $notes ! ('[' || h:note-n(.) || '] ' || h:txt-inline(.))), '&#10;')"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="string-join($parts[normalize-space()], '&#10;&#10;') || '&#10;'"/>
  </xsl:template>

  <xsl:function name="h:txt-inline" as="xs:string">
    <xsl:param name="el" as="element()*"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$el/node()" mode="txt-inline"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t))"/>
  </xsl:function>

  <xsl:mode name="txt" on-no-match="shallow-skip"/>
  <xsl:mode name="txt-inline" on-no-match="text-only-copy"/>

  <xsl:template match="tei:div | tei:body | tei:back | tei:front | tei:titlePage | tei:docTitle | tei:list | tei:epigraph | tei:quote[tei:p] | tei:lg" mode="txt">
    <xsl:apply-templates select="*" mode="txt"/>
  </xsl:template>
  <xsl:template match="tei:head | tei:p | tei:ab | tei:item | tei:titlePart | tei:docAuthor | tei:docImprint | tei:docDate | tei:byline | tei:bibl | tei:l" mode="txt">
    <xsl:sequence select="h:txt-inline(.)"/>
  </xsl:template>
  <xsl:template match="tei:pb" mode="txt">
    <xsl:sequence select="'[' || $label('page') || ' ' || @n || ']'"/>
  </xsl:template>
  <xsl:template match="tei:figure" mode="txt">
    <xsl:sequence select="'[' || $label('photo-absent') || ': ' || h:txt-inline(tei:head)
                          || (tei:bibl[@type = 'credit'] ! ('. ' || $label('credit') || h:txt-inline(.))) || ']'"/>
  </xsl:template>

  <xsl:template match="tei:note" mode="txt-inline">
    <xsl:sequence select="'[' || h:note-n(.) || ']'"/>
  </xsl:template>
  <xsl:template match="tei:pb" mode="txt-inline">
    <xsl:sequence select="' [' || $label('page') || ' ' || @n || '] '"/>
  </xsl:template>
  <xsl:template match="tei:lb" mode="txt-inline"><xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if></xsl:template>
  <xsl:template match="tei:figure | tei:figDesc | tei:cb | tei:fw" mode="txt-inline"/>
</xsl:stylesheet>
