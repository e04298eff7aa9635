<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: TEI P5 -> named HTML fragments for the print (PDF) edition.

  Pipeline: TEI -(this stylesheet, saxonche)-> fragments -(Jinja, templates/print/book.html)->
  one print HTML page -(WeasyPrint, CSS Paged Media in templates/print/print.css)-> PDF.

  Output: <fragments><fragment name="..."> holding HTML (no namespace) for the template:
  meta (title, author, language), title-page, imprint, contents, body, index, diagnostics.
  This stylesheet never writes <html>: the page shell belongs to the Jinja template.

  Organisation (as in the TEIC Stylesheets): one parameters file, then one module per TEI
  module. The print edition is meant to import the HTML reading edition (xslt/html/) and
  override what paper needs (notes as footnotes, page breaks as marginal marks, contents with
  page numbers, index from page numbers). Until that stylesheet exists the modules below are
  self-contained; then add <xsl:import href="../html/html.xsl"/> before the includes and drop
  the templates the HTML edition already provides unchanged.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <xsl:include href="params.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="textstructure.xsl"/>
  <xsl:include href="core.xsl"/>
  <xsl:include href="figures.xsl"/>
  <xsl:include href="namesdates.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="plain" on-no-match="text-only-copy" use-accumulators="#all"/>
  <xsl:mode name="toc" on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:template match="/">
    <fragments>
      <fragment name="meta">
        <xsl:call-template name="pe:meta"/>
      </fragment>
      <fragment name="title-page">
        <xsl:call-template name="pe:title-page"/>
      </fragment>
      <fragment name="imprint">
        <xsl:call-template name="pe:imprint"/>
      </fragment>
      <fragment name="contents">
        <xsl:call-template name="pe:contents"/>
      </fragment>
      <fragment name="body">
        <xsl:apply-templates select="tei:TEI/tei:text"/>
      </fragment>
      <fragment name="index">
        <xsl:call-template name="pe:index"/>
      </fragment>
      <fragment name="diagnostics">
        <xsl:call-template name="pe:diagnostics"/>
      </fragment>
    </fragments>
  </xsl:template>
</xsl:stylesheet>
