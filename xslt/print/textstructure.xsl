<?xml version="1.0" encoding="UTF-8"?>
<!--
  textstructure.xsl: default text structure (TEI Guidelines ch. 4) for print: front, body and
  back, nested div with head, paragraphs, epigraphs, and the contents page (mode "toc").
  The generated title page and contents replace the source's titlePage and its printed
  contents (div type="contents"), whose page numbers belong to the source, not to this book.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:text">
    <xsl:apply-templates select="tei:front, tei:body, tei:back"/>
  </xsl:template>

  <!-- data-label: the running head of the front matter's pages (print.css), the book's title -->
  <xsl:template match="tei:front | tei:body | tei:back">
    <div class="{local-name()}matter" data-label="{$doc-title}">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- The source's title page and printed contents are replaced (pe:unprinted), but a reader
       must be able to cite their pages: the page breaks in them stay as marginal marks. The
       title page's marks go on the generated title page (header.xsl), which re-sets it; the
       contents' marks stand where the contents stood, on a zero-height line. -->
  <xsl:template match="tei:front/tei:titlePage"/>

  <xsl:template match="tei:front/tei:div[@type = 'contents']">
    <xsl:call-template name="pe:omitted-page-marks"/>
  </xsl:template>

  <!-- The marks of the page breaks inside the context element (left out of the print), on one
       zero-height line, stacked down the margin so that they never overprint each other. -->
  <xsl:template name="pe:omitted-page-marks">
    <xsl:variable name="pbs" select=".//tei:pb[@n]"/>
    <xsl:if test="exists($pbs)">
      <div class="pb-block pb-omitted">
        <xsl:for-each select="$pbs">
          <span class="pb" data-n="{@n}" title="{$label('source-page') || @n}">
            <xsl:if test="position() gt 1">
              <xsl:attribute name="style" select="'top: ' || (position() - 1) * 9 || 'pt'"/>
            </xsl:if>
            <xsl:text>[</xsl:text><xsl:value-of select="@n"/><xsl:text>]</xsl:text>
          </span>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Divisions: level 1 with a heading (a chapter, the introduction, the conclusion) opens on
       a new page ($chapter-break); deeper levels run on, and so does a division without a
       heading (the source's colophon, abstract, dedication: not chapters, and a right-hand
       page for each would leave a blank page after each of them). -->
  <xsl:template match="tei:div">
    <xsl:variable name="level" select="count(ancestor::tei:div) + 1"/>
    <section id="{pe:id(.)}">
      <xsl:attribute name="class" select="string-join(('div' || $level, @type,
          if ($level = 1 and empty(tei:head)) then 'run-on'
          else if ($level = 1 and $chapter-break = ('right', 'page')) then 'break-' || $chapter-break else ()), ' ')"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div/tei:head[not(@rend = 'run-in')]">
    <xsl:variable name="level" select="min((count(ancestor::tei:div), 4))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class" select="'head' || $level"/>
      <!-- plain text for the running head (string-set) and the PDF bookmark (print.css):
           without the marginal page marks and the footnotes -->
      <xsl:attribute name="data-label" select="pe:plain(.)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A run-in heading (ENCODING.md) is set at the start of the paragraph that follows it. -->
  <xsl:template match="tei:div/tei:head[@rend = 'run-in']"/>

  <xsl:template match="tei:head" priority="-1">
    <p class="head"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:p">
    <!-- HTML forbids block content inside <p>: a paragraph that holds a list, a figure or a
         block quotation becomes a <div class="p"> (one TEI paragraph stays one block). -->
    <xsl:variable name="has-blocks" select="exists(.//(tei:list | tei:figure | tei:table | tei:lg | tei:quote[tei:p])[not(ancestor::tei:note)])"/>
    <xsl:element name="{if ($has-blocks) then 'div' else 'p'}">
      <xsl:attribute name="class" select="string-join(('p', 'first'[pe:is-first(current())]), ' ')"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:for-each select="preceding-sibling::*[1][self::tei:head[@rend = 'run-in']]">
        <strong class="run-in"><xsl:apply-templates/></strong>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- The first paragraph after a heading is set without indent. -->
  <xsl:function name="pe:is-first" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="exists($p/preceding-sibling::*[not(self::tei:pb | self::tei:cb)][1][self::tei:head | self::tei:epigraph | self::tei:figure])
                          or empty($p/preceding-sibling::*[not(self::tei:pb | self::tei:cb)])"/>
  </xsl:function>

  <xsl:template match="tei:epigraph">
    <blockquote class="epigraph">
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:epigraph/tei:bibl">
    <p class="epigraph-source"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- ============================================================ contents -->

  <xsl:template name="pe:contents">
    <nav class="contents">
      <h1 class="contents-title" id="contents" data-label="{$label('contents')}"><xsl:value-of select="$label('contents')"/></h1>
      <ul class="toc">
        <xsl:apply-templates select="/tei:TEI/tei:text/(tei:front, tei:body, tei:back)/tei:div" mode="toc"/>
        <xsl:if test="$has-index">
          <li class="toc1">
            <a href="#indexes"><xsl:value-of select="$label('indexes')"/></a>
            <ul>
              <xsl:for-each select="$index-kinds">
                <li class="toc2"><a href="#index-{.}"><xsl:value-of select="$label('index-' || .)"/></a></li>
              </xsl:for-each>
            </ul>
          </li>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template match="tei:div[tei:head]" mode="toc">
    <xsl:variable name="level" select="count(ancestor-or-self::tei:div)"/>
    <xsl:if test="$level le $toc-depth and not(@type = 'contents')">
      <li class="toc{$level}">
        <a href="#{pe:id(.)}"><xsl:value-of select="pe:plain(tei:head[1])"/></a>
        <xsl:if test="tei:div[tei:head] and $level lt $toc-depth">
          <ul>
            <xsl:apply-templates select="tei:div" mode="toc"/>
          </ul>
        </xsl:if>
      </li>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
