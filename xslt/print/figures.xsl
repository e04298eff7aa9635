<?xml version="1.0" encoding="UTF-8"?>
<!--
  figures.xsl: figures (TEI Guidelines ch. 14) for print. A figure whose image this edition has
  ($images: graphic/@url with a file render_pdf found and copied) is printed; otherwise the
  frame says that the illustration is not reproduced in this edition (the source has it: the
  caption is the source's). The caption (figure/head) and, apart from it, the credit (bibl or
  note type="credit") follow. figDesc is a description for readers of the encoding, not printed.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:function name="pe:image-file" as="xs:string?">
    <xsl:param name="fig" as="element()"/>
    <xsl:sequence select="(for $u in $fig/tei:graphic/@url return $images/images/image[@url = $u]/@file)[1]
                          [matches(., '^[A-Za-z0-9._-]+$')] ! string(.)"/>
  </xsl:function>

  <xsl:function name="pe:has-image" as="xs:boolean">
    <xsl:param name="fig" as="element()"/>
    <xsl:sequence select="exists(pe:image-file($fig))"/>
  </xsl:function>

  <xsl:template match="tei:figure">
    <xsl:variable name="file" select="pe:image-file(.)"/>
    <xsl:call-template name="pe:marks-before"/>
    <xsl:text>&#10;#ed-figure(</xsl:text>
    <xsl:value-of select="if ($file) then '&quot;' || $file || '&quot;' else 'none'"/>
    <xsl:text>, </xsl:text>
    <xsl:value-of select="pe:content($label('not-reproduced'))"/>
    <xsl:if test="$file">
      <xsl:text>, alt: </xsl:text>
      <xsl:value-of select="pe:content(((tei:figDesc, tei:head) ! h:plain(.))[normalize-space()][1])"/>
    </xsl:if>
    <xsl:if test="tei:head">
      <xsl:text>, caption: [</xsl:text>
      <xsl:for-each select="tei:head">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:call-template name="pe:marks-before"/>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:if test="(tei:bibl | tei:note)[@type = 'credit']">
      <xsl:text>, credit: [</xsl:text>
      <xsl:value-of select="pe:string($label('credit'))"/>
      <xsl:for-each select="(tei:bibl | tei:note)[@type = 'credit']">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:text>)&#10;&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
