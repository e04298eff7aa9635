<?xml version="1.0" encoding="UTF-8"?>
<!--
  header.xsl: the teiHeader module (TEI Guidelines ch. 2) for print: the book's settings
  (document metadata for the PDF: title, author, language), the title page, and its verso
  "About this edition" in the edition's language. A book (sourceDesc/biblStruct) has its own
  classification codes (УДК, ББК), ISBN and bibliographic record: they are printed as the
  record of the source, not of this edition, which has none of its own.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="monogr" select="$header/tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr"/>
  <!-- A text without a title (a source with no metadata) is named by its first heading, else by
       its id: a PDF/UA document must have a title. -->
  <xsl:variable name="doc-title" as="xs:string"
      select="(normalize-space(($header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'],
                                $header/tei:fileDesc/tei:titleStmt/tei:title)[1])[. != ''],
               normalize-space((/tei:TEI/tei:text//tei:head)[1])[. != ''],
               string(/tei:TEI/@xml:id))[1]"/>
  <xsl:variable name="doc-subtitle" as="xs:string?"
      select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1] ! normalize-space(.)"/>
  <xsl:variable name="doc-author" as="xs:string?"
      select="($header/tei:fileDesc/tei:titleStmt/tei:author, $monogr/tei:author)[1] ! h:display-name(.)"/>

  <!-- #show: book.with(...): the PDF's metadata and the options of this run. -->
  <xsl:template name="pe:book-settings">
    <xsl:variable name="size" select="if ($page-size = ('A5', 'B5', 'A4')) then $page-size else 'A5'"/>
    <xsl:variable name="break" select="if ($chapter-break = ('right', 'page', 'none')) then $chapter-break else 'right'"/>
    <xsl:text>#show: book.with(&#10;  title: </xsl:text>
    <xsl:value-of select="pe:content(string-join(($doc-title, $doc-subtitle), '. '))"/>
    <xsl:text>,&#10;  running-title: </xsl:text>
    <xsl:value-of select="pe:content($doc-title)"/>
    <xsl:text>,&#10;  author: </xsl:text>
    <xsl:value-of select="pe:content($doc-author)"/>
    <xsl:text>,&#10;  lang: "</xsl:text>
    <xsl:value-of select="$lang"/>
    <xsl:text>",&#10;  page-size: "</xsl:text>
    <xsl:value-of select="$size"/>
    <xsl:text>",&#10;  chapter-break: "</xsl:text>
    <xsl:value-of select="$break"/>
    <xsl:text>",&#10;  date: </xsl:text>
    <xsl:value-of select="if ($dated) then 'auto' else 'none'"/>
    <xsl:text>,&#10;  loose: </xsl:text>
    <xsl:value-of select="if ($loose-notes = 'all') then 'true' else 'false'"/>
    <xsl:text>,&#10;)&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="pe:title-page">
    <xsl:text>#ed-title-page[&#10;</xsl:text>
    <!-- the source's title page is re-set here: the marks of its pages stand on this one -->
    <xsl:text>#align(center)[#set par(first-line-indent: 0pt, justify: false)&#10;</xsl:text>
    <xsl:text>#text(size: 1.1em)[</xsl:text>
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:front/tei:titlePage//tei:pb[@n]" mode="mark"/>
    <xsl:value-of select="pe:string($doc-author)"/>
    <xsl:text>]&#10;#v(1fr)&#10;#text(size: 1.6em, weight: "bold")[</xsl:text>
    <xsl:value-of select="pe:string($doc-title)"/>
    <xsl:text>]&#10;</xsl:text>
    <xsl:if test="$doc-subtitle">
      <xsl:text>#v(3mm)&#10;#text(size: 1.15em)[</xsl:text>
      <xsl:value-of select="pe:string($doc-subtitle)"/>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="$header//tei:sourceDesc//tei:note[@type = 'genre'][1]">
      <xsl:text>#v(6mm)&#10;#text(style: "italic")[</xsl:text>
      <xsl:value-of select="pe:string(.)"/>
      <xsl:text>]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>#v(1fr)&#10;</xsl:text>
    <xsl:variable name="lines" as="xs:string*" select="
        ($header//tei:sourceDesc/tei:bibl/tei:orgName)[1] ! normalize-space(.),
        ($monogr/tei:imprint/tei:pubPlace)[1] ! normalize-space(.),
        ($monogr/tei:imprint/tei:publisher)[1] ! normalize-space(.),
        ($monogr/tei:imprint/tei:date, $header//tei:sourceDesc/tei:bibl/tei:date)[1] ! normalize-space(.)"/>
    <xsl:for-each select="$lines">
      <xsl:value-of select="pe:string(.)"/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>]]&#10;</xsl:text>
  </xsl:template>

  <!-- The verso of the title page: the source's record (a book's classification codes, record
       and ISBN are the source's), then "About this edition" in the edition's language. The
       encoding's own notes (encodingDesc/editorialDecl) are in English and are part of the TEI,
       not of this page; an editorialDecl paragraph in the edition's language is printed. -->
  <xsl:template name="pe:imprint">
    <xsl:text>#ed-imprint-page[&#10;</xsl:text>
    <xsl:variable name="codes" select="$header/tei:profileDesc/tei:textClass/tei:classCode"/>
    <xsl:variable name="record" select="$header//tei:sourceDesc//tei:note[@type = 'record']"/>
    <xsl:variable name="isbn" select="$monogr/tei:idno[@type = 'ISBN']"/>
    <xsl:if test="exists(($codes, $record, $isbn))">
      <xsl:text>#block(stroke: (bottom: 0.3pt), inset: (bottom: 3mm))[#strong[</xsl:text>
      <xsl:value-of select="pe:string($label('source-record'))"/>
      <xsl:text>]&#10;&#10;</xsl:text>
      <xsl:for-each select="$codes[@scheme = 'UDC'], $codes[@scheme = 'BBK']">
        <xsl:value-of select="pe:string($label(if (@scheme = 'UDC') then 'udc' else 'bbk') || ' ' || normalize-space(.))"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:for-each>
      <xsl:for-each select="$record">
        <xsl:value-of select="pe:string(.)"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:for-each>
      <xsl:for-each select="$isbn">
        <xsl:value-of select="pe:string($label('isbn') || ' ' || normalize-space(.))"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
    <xsl:text>#v(1fr)&#10;#strong[</xsl:text>
    <xsl:value-of select="pe:string($label('about'))"/>
    <xsl:text>]&#10;&#10;</xsl:text>
    <xsl:variable name="notes" select="/tei:TEI/tei:text//tei:note[pe:is-footnote(.)]"/>
    <xsl:variable name="about" as="xs:string*" select="
        'about-text',
        'about-pages'[exists($text-root/tei:TEI/tei:text//tei:pb[@n])],
        (if ($renumber-notes) then 'about-notes-renumbered' else 'about-notes-kept')[exists($notes)],
        'about-figures'[exists($text-root/tei:TEI/tei:text//tei:figure[not(pe:has-image(.))])],
        'about-index'[$has-index],
        'about-front'[exists($text-root/tei:TEI/tei:text/tei:front/(tei:titlePage | tei:div[@type = 'contents']))
                      or exists(($codes, $isbn))]"/>
    <xsl:for-each select="$about">
      <xsl:value-of select="pe:string($label(.))"/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$header/tei:encodingDesc/tei:editorialDecl//tei:p[(ancestor-or-self::*[ancestor-or-self::tei:editorialDecl]/@xml:lang)[last()] = $lang]">
      <xsl:apply-templates/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$header/tei:encodingDesc/tei:appInfo/tei:application[1]">
      <xsl:value-of select="pe:string($label('made-with') || normalize-space(tei:label) || ' ' || @version || '.')"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
