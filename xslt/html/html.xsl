<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: one TEI text -> the named HTML fragments of its pages in the reading edition.

  Pipeline: TEI -(this stylesheet, saxonche)-> fragments -(Jinja, templates/html/)-> HTML
  pages. This stylesheet never writes <html>: page shells belong to the templates.

  Output (an XML document; the HTML inside has no namespace):
    <edition-text id="..">
      <meta> title, subtitle, author, date, lang </meta>
      <fragment name="description"> (for the list of texts)
      <page kind="title|unit|about" file="index.html" id=".." title="..">
        <fragment name="toc"/> <fragment name="body"/> <fragment name="notes"/>
      </page> ...
      <search> <r kind file id page>plain text</r> ... </search>
      <plain> the plain-text download </plain>
    </edition-text>
  The register pages of the corpus are registers.xsl's (a stylesheet of their own: a render
  runs the two at once, in two processes).

  Organisation (as in the TEIC Stylesheets): one parameters file, then one module per TEI
  module. The print edition can import this stylesheet and override what paper needs.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:include href="params.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="textstructure.xsl"/>
  <xsl:include href="core.xsl"/>
  <xsl:include href="figures.xsl"/>
  <xsl:include href="namesdates.xsl"/>
  <xsl:include href="data.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The notes listed on a unit's page (outer notes, not in the front matter), by their unit:
       filed once per text instead of testing every note of the text on every page. -->
  <xsl:key name="h:notes-by-unit" match="/tei:TEI/tei:text//tei:note[not(ancestor::tei:note)][not(ancestor::tei:front)]"
      use="h:unit-of(.) ! generate-id(.)"/>
  <xsl:mode on-no-match="text-only-copy" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:variable name="tid" select="string((tei:TEI/@xml:id, 'text')[1])"/>
    <edition-text id="{$tid}">
      <xsl:call-template name="h:meta"/>
      <fragment name="description">
        <xsl:call-template name="h:description"/>
      </fragment>
      <page kind="title" file="index.html" id="{$tid}-title" title="{$main-title}">
        <fragment name="toc">
          <xsl:call-template name="h:toc"><xsl:with-param name="current" select="'index.html'"/></xsl:call-template>
        </fragment>
        <fragment name="body">
          <xsl:call-template name="h:title-page"/>
        </fragment>
        <fragment name="notes">
          <xsl:call-template name="h:notes">
            <xsl:with-param name="notes" select="tei:TEI/tei:text/tei:front//tei:note[not(ancestor::tei:note)]"/>
          </xsl:call-template>
        </fragment>
      </page>
      <xsl:for-each select="h:units(/)">
        <xsl:variable name="unit" select="."/>
        <xsl:variable name="file" select="h:unit-file(.)"/>
        <page kind="unit" file="{$file}" id="{h:id(.)}" title="{h:unit-title(.)}">
          <fragment name="toc">
            <xsl:call-template name="h:toc"><xsl:with-param name="current" select="$file"/></xsl:call-template>
          </fragment>
          <fragment name="body">
            <xsl:call-template name="h:unit-body"><xsl:with-param name="unit" select="."/></xsl:call-template>
          </fragment>
          <fragment name="notes">
            <xsl:call-template name="h:notes">
              <xsl:with-param name="notes" select="key('h:notes-by-unit', generate-id($unit), root(.))"/>
            </xsl:call-template>
          </fragment>
        </page>
      </xsl:for-each>
      <page kind="about" file="about.html" id="{$tid}-about" title="{$label('about')}">
        <fragment name="toc">
          <xsl:call-template name="h:toc"><xsl:with-param name="current" select="'about.html'"/></xsl:call-template>
        </fragment>
        <fragment name="body">
          <xsl:call-template name="h:about"/>
        </fragment>
        <fragment name="notes"/>
      </page>
      <xsl:call-template name="h:search-records"/>
      <plain>
        <xsl:call-template name="h:plain-text"/>
      </plain>
    </edition-text>
  </xsl:template>
</xsl:stylesheet>
