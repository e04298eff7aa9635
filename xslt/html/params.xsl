<?xml version="1.0" encoding="UTF-8"?>
<!--
  params.xsl: every parameter and label of the HTML reading edition, in one file (as in the
  TEIC Stylesheets). Python (tei_edition.render.html) sets the parameters; a plain XSLT 3.0
  processor can set them on its command line. The print edition may import html.xsl and
  override any of these.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- The corpus registers (a TEI document whose standOff holds listPerson/listPlace/listOrg),
       as a document node; empty when the edition has none (register pages are then built from
       the mentions). Mentions may also point into the text's own standOff (@ref="#id"). -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!-- registers.xsl only: URIs of the TEI texts whose mentions the register pages list,
       separated by spaces (file URIs percent-encode their spaces). -->
  <xsl:param name="texts" as="xs:string" select="''"/>

  <!-- registers.xsl only, optional: the documents of $texts already parsed, in the same order
       (a caller that has parsed them saves reading them again). -->
  <xsl:param name="text-documents" as="array(document-node())?" select="()"/>

  <!-- Relative path from a text's pages to the site root (texts live in one folder each). -->
  <xsl:param name="root" as="xs:string" select="'../'"/>

  <!-- Depth of the contents sidebar: 1 = chapters only, 2 = chapters and sections, ... -->
  <xsl:param name="toc-depth" as="xs:integer" select="2"/>

  <!-- Characters of context on each side of a mention in the registers. -->
  <xsl:param name="snippet-chars" as="xs:integer" select="70"/>

  <!-- The register page of each entity type, relative to the site root. -->
  <xsl:variable name="register-file" as="map(xs:string, xs:string)"
      select="map{'person': 'persons.html', 'place': 'places.html', 'org': 'orgs.html'}"/>

  <xsl:variable name="kind-of" as="map(xs:string, xs:string)"
      select="map{'persName': 'person', 'placeName': 'place', 'orgName': 'org',
                  'person': 'person', 'place': 'place', 'org': 'org'}"/>

  <!-- The language of the labels: the text's (its TEI root's xml:lang, else its
       profileDesc/langUsage/language/@ident, else "ru"); Python sets it for every run, the
       edition's language for the register pages, which read no single text. -->
  <xsl:param name="lang" as="xs:string" select="''"/>

  <!-- Labels in the edition's language, from the one table of every output (xslt/labels.xml);
       a language without a table there takes the English one. -->
  <xsl:variable name="label-lang" as="xs:string"
      select="let $l := lower-case(substring-before((if ($lang) then $lang
                          else string((/*:TEI/@xml:lang, /*:TEI/*:teiHeader/*:profileDesc/*:langUsage/*:language/@ident, 'ru')[1])) || '-', '-'))
              return if (doc('../labels.xml')/*/*:labels[@xml:lang = $l]) then $l else 'en'"/>
  <xsl:variable name="label" as="map(xs:string, xs:string)"
      select="map:merge(doc('../labels.xml')/*/*:labels[@xml:lang = $label-lang]/*:label ! map{string(@key): string(.)})"/>

</xsl:stylesheet>
