<?xml version="1.0" encoding="UTF-8"?>
<!--
  namesdates.xsl: names (TEI Guidelines ch. 13) for print: every mention of a person, place
  or organisation that points to a register entry (@ref) is marked (#ed-name) with the key of
  its entry; the indexes at the end list the register entries, sorted here (Russian collation,
  h:sort-key), and Typst finds the pages of their mentions in the same compile and collapses
  them into ranges (templates/print/edition.typ, ed-index).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- Which mentions the index lists: those in the printed text. The source's title page and
       its printed contents are not reproduced (the book sets its own title page and contents,
       whose page numbers are this book's; textstructure.xsl), nor are figDesc and fw, so a
       name there has no page of this book to point to; and every mention there repeats one in
       the running text. This function is the one place that decides. -->
  <xsl:function name="pe:indexed" as="xs:boolean">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="exists($m/@ref) and exists($m/ancestor::tei:text)
                          and empty($m/ancestor::*[pe:unprinted(.)])"/>
  </xsl:function>

  <!-- Elements of the text the print edition leaves out (with their page breaks kept as marks). -->
  <xsl:function name="pe:unprinted" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:titlePage[parent::tei:front]
                          | self::tei:div[@type = 'contents'][parent::tei:front]
                          | self::tei:figDesc | self::tei:fw])"/>
  </xsl:function>

  <xsl:variable name="mentions" as="element()*"
      select="/tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName)[pe:indexed(.)]"/>
  <xsl:variable name="index-kinds" as="xs:string*"
      select="('person', 'place', 'org')[. = $mentions ! $kind-of(local-name())]"/>
  <xsl:variable name="has-index" as="xs:boolean" select="exists($mentions)"/>
  <xsl:variable name="text-root" select="/"/>

  <!-- The index key of a mention: its register entry's id, or, for a @ref that resolves
       nowhere (render_pdf reports those), the first mention with the same text (h:id, not
       generate-id(), so that main.typ is the same bytes in every process). -->
  <xsl:key name="unresolved-by-text" match="tei:text//*[self::tei:persName | self::tei:placeName | self::tei:orgName]"
      use="normalize-space(.)"/>
  <xsl:function name="pe:mention-key" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="entry" select="h:entry($m)"/>
    <xsl:sequence select="if ($entry) then 'r-' || pe:key($entry/@xml:id, 'u-' || h:id($entry))
                          else 'u-' || h:id(key('unresolved-by-text', normalize-space($m), root($m))[pe:indexed(.)][1])"/>
  </xsl:function>

  <xsl:template match="tei:text//*[self::tei:persName | self::tei:placeName | self::tei:orgName][pe:indexed(.)]">
    <xsl:text>#ed-name("</xsl:text>
    <xsl:value-of select="pe:mention-key(.)"/>
    <xsl:text>", "</xsl:text>
    <xsl:value-of select="$kind-of(local-name())"/>
    <xsl:text>")[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- ============================================================ index -->

  <xsl:template name="pe:index">
    <xsl:if test="$has-index">
      <xsl:text>#ed-index-break()&#10;&#10;#ed-head(1, </xsl:text>
      <xsl:value-of select="pe:content($label('indexes'))"/>
      <xsl:text>)[</xsl:text>
      <xsl:value-of select="pe:string($label('indexes'))"/>
      <xsl:text>]&#10;&#10;</xsl:text>
      <xsl:for-each select="$index-kinds">
        <xsl:variable name="kind" select="."/>
        <xsl:text>#ed-index(</xsl:text>
        <xsl:value-of select="pe:content($label('index-' || $kind))"/>
        <xsl:text>, (&#10;</xsl:text>
        <xsl:for-each-group select="$mentions[$kind-of(local-name()) = $kind]" group-by="pe:mention-key(.)">
          <xsl:sort select="h:sort-key(h:entry-name(h:entry(.), normalize-space(.)))"/>
          <xsl:sort select="h:entry-name(h:entry(.), normalize-space(.))"/>
          <xsl:text>  (</xsl:text>
          <xsl:value-of select="pe:content(h:entry-name(h:entry(.), normalize-space(.)))"/>
          <xsl:text>, ("</xsl:text>
          <xsl:value-of select="current-grouping-key()"/>
          <xsl:text>",)),&#10;</xsl:text>
        </xsl:for-each-group>
        <xsl:text>))&#10;&#10;</xsl:text>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
