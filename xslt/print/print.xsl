<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: TEI P5 -> the Typst source of the print (PDF) edition.

  Pipeline: TEI -(this stylesheet, saxonche, text output)-> main.typ, which imports the page
  design templates/print/edition.typ -(Typst, through the typst Python package)-> PDF.

  The output is Typst markup: the structure as calls of the design's functions (#ed-head,
  #ed-note, #ed-pb, #ed-name, #ed-figure, ...), the TEI text as escaped markup. Every character
  of TEI text reaches the output through one function, pe:text (functions.xsl): Typst's markup
  characters are escaped there and nowhere else; strings that are not text (ids, the language
  code, option values) are checked against a closed pattern before they are written.

  Organisation (as in the TEIC Stylesheets): one parameters file, then one module per TEI module.
  What the reading edition already knows is imported from xslt/html/ rather than repeated: its
  parameters and labels (params.xsl) and its pure helpers (functions.xsl: plain text, Russian
  sort keys, names, the register entry of a mention). This stylesheet overrides what paper
  needs (the language, as a checked code) and adds the rest.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <xsl:import href="../html/params.xsl"/>
  <xsl:import href="../html/functions.xsl"/>
  <xsl:include href="params.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="textstructure.xsl"/>
  <xsl:include href="core.xsl"/>
  <xsl:include href="figures.xsl"/>
  <xsl:include href="namesdates.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:text>// The print edition of </xsl:text>
    <xsl:value-of select="pe:key(/tei:TEI/@xml:id, 'text')"/>
    <xsl:text>, written by tei-edition (xslt/print/print.xsl) from the TEI: do not edit.&#10;</xsl:text>
    <xsl:text>#import "edition.typ": *&#10;</xsl:text>
    <xsl:call-template name="pe:book-settings"/>
    <xsl:call-template name="pe:title-page"/>
    <xsl:call-template name="pe:imprint"/>
    <xsl:call-template name="pe:contents"/>
    <xsl:text>#pagebreak(weak: true, to: "odd")&#10;#ed-main-start()&#10;</xsl:text>
    <xsl:apply-templates select="tei:TEI/tei:text"/>
    <xsl:call-template name="pe:index"/>
    <xsl:text>#ed-check-notes()&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
