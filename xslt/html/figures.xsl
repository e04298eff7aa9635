<?xml version="1.0" encoding="UTF-8"?>
<!--
  figures.xsl: figures (TEI Guidelines 14.4). The sources are text only: a figure is the caption
  (head) and the photo credit (bibl type="credit" or note type="credit") of a photograph the
  source text does not carry, so the edition shows a clearly marked empty frame, never an image.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:figure">
    <figure class="figure figure-absent" id="{h:id(.)}">
      <xsl:if test="@type"><xsl:attribute name="data-type" select="@type"/></xsl:if>
      <div class="figure-frame">
        <span class="figure-absent-label"><xsl:value-of select="$label('photo-absent')"/></span>
      </div>
      <figcaption>
        <xsl:for-each select="tei:head">
          <span class="figure-caption"><xsl:apply-templates/></span>
        </xsl:for-each>
        <xsl:for-each select="tei:bibl[@type = 'credit'] | tei:note[@type = 'credit']">
          <xsl:text> </xsl:text>
          <span class="figure-credit"><xsl:value-of select="$label('credit')"/><xsl:apply-templates/></span>
        </xsl:for-each>
        <xsl:call-template name="h:permalink"/>
      </figcaption>
    </figure>
  </xsl:template>

  <!-- figDesc describes the missing image for the encoder; the frame's label says it to readers. -->
  <xsl:template match="tei:figure/tei:figDesc"/>

  <!-- A caption is reflowed: the source's line ends inside it become spaces (a line-end word
       break joins the halves). -->
  <xsl:template match="tei:figure//tei:lb" priority="2">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>
</xsl:stylesheet>
