<?xml version="1.0" encoding="UTF-8"?>
<!--
  figures.xsl: figures (TEI Guidelines ch. 14) for print. The sources carry captions of
  photographs they do not reproduce; the book sets each as a framed block that says so, with
  the caption (figure/head) and, apart from it, the credit (bibl or note type="credit").
  figDesc is a description for readers of the encoding, not printed.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:figure">
    <figure class="figure figure-{(@type, 'photo')[1]}" id="{pe:id(.)}">
      <xsl:if test="not(tei:graphic)">
        <p class="fig-absent"><xsl:value-of select="$label('photo-absent')"/></p>
      </xsl:if>
      <figcaption>
        <xsl:for-each select="tei:head">
          <span class="fig-caption"><xsl:apply-templates/></span>
        </xsl:for-each>
        <xsl:for-each select="(tei:bibl | tei:note)[@type = 'credit']">
          <span class="fig-credit"><xsl:value-of select="$label('credit')"/><xsl:apply-templates/></span>
        </xsl:for-each>
      </figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="tei:figure/tei:head | tei:figDesc | tei:figure/tei:bibl | tei:figure/tei:note[@type = 'credit']" priority="-0.1"/>
</xsl:stylesheet>
