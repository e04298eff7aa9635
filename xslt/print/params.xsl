<?xml version="1.0" encoding="UTF-8"?>
<!--
  params.xsl: every parameter and label of the print edition, in one file (as in the TEIC
  Stylesheets). Python (tei_edition.render_pdf) sets the parameters; everything else in
  xslt/print/ reads them from here.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The registers file (a TEI document whose standOff holds listPerson/listPlace/listOrg),
       as a document node; empty when the edition has none. Mentions may also point into the
       text's own standOff (@ref="#id"). -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!-- Second pass only: the page on which each mention anchor landed in the first pass,
       <pages><a id="m-12" page="37"/>...</pages>. Empty in the first pass, when the index
       shows its headings only (so that the contents page has the same lines in both passes). -->
  <xsl:param name="pages" as="document-node()?" select="()"/>

  <!-- Where a top-level division (chapter, introduction, ...) starts: "right" (a new
       right-hand page), "page" (any new page) or "none". -->
  <xsl:param name="chapter-break" as="xs:string" select="'right'"/>

  <!-- Depth of the contents: 1 = chapters only, 2 = chapters and sections, ... -->
  <xsl:param name="toc-depth" as="xs:integer" select="2"/>

  <!-- Footnotes longer than 1.5 × this many characters are cut into pieces of about this
       length at sentence ends, so that WeasyPrint can carry the rest over to the next page. -->
  <xsl:param name="note-chunk" as="xs:integer" select="900"/>

  <!-- Labels: the edition speaks Russian. -->
  <xsl:variable name="label" as="map(xs:string, xs:string)" select="map{
      'contents': 'Содержание',
      'about': 'Об этом издании',
      'indexes': 'Указатели',
      'index-person': 'Именной указатель',
      'index-place': 'Географический указатель',
      'index-org': 'Указатель организаций',
      'photo-absent': 'Фотография в источнике отсутствует',
      'credit': 'Фото: ',
      'udc': 'УДК',
      'bbk': 'ББК',
      'isbn': 'ISBN',
      'made-with': 'Печатное издание подготовлено из TEI-разметки программой ',
      'source-page': 'Страница источника '
  }"/>
</xsl:stylesheet>
