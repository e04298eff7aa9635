<?xml version="1.0" encoding="UTF-8"?>
<!--
  params.xsl: the parameters of the print edition, in one file (as in the TEIC Stylesheets).
  Python (tei_edition.render.pdf) sets them; everything else in xslt/print/ reads them from here.
  The parameters both editions share ($registers, $toc-depth) and the labels ($label, in the
  edition's language, from xslt/labels.xml) come from xslt/html/params.xsl, which print.xsl
  imports.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The images the edition has, <images><image url="..." file="img-1.png"/></images>: the
       graphic/@url of the TEI and the file render_pdf copied beside the Typst source. A figure
       whose graphic is not listed says that its illustration is not reproduced. -->
  <xsl:param name="images" as="document-node()?" select="()"/>

  <!-- Paper: A5, B5 or A4 (templates/print/edition.typ holds the geometry of each). -->
  <xsl:param name="page-size" as="xs:string" select="'A5'"/>

  <!-- Where a top-level division with a heading (chapter, introduction, ...) starts: "right"
       (a new right-hand page), "page" (any new page) or "none". -->
  <xsl:param name="chapter-break" as="xs:string" select="'right'"/>

  <!-- Notes (their keys, space-separated) whose paragraphs are set without widow and orphan
       control, and "all" for the whole book: render_pdf's remedy for a note that the first
       compile did not set on the page of its call (edition.typ, ed-check-notes). -->
  <xsl:param name="loose-notes" as="xs:string" select="''"/>

  <!-- true when render_pdf has a fixed creation date (SOURCE_DATE_EPOCH) for the PDF; without
       one the PDF carries no date at all, so that the same input gives the same bytes. -->
  <xsl:param name="dated" as="xs:boolean" select="false()"/>

</xsl:stylesheet>
