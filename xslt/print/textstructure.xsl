<?xml version="1.0" encoding="UTF-8"?>
<!--
  textstructure.xsl: default text structure (TEI Guidelines ch. 4) for print: front, body and
  back, nested div with head, paragraphs, epigraphs, and the contents page. The generated title
  page and contents replace the source's titlePage and its printed contents (div
  type="contents"), whose page numbers belong to the source, not to this book; the page breaks
  in them stay as marginal marks (core.xsl).

  Blocks are separated by a blank line in the Typst source; a block is a paragraph of markup or
  one call of the design (templates/print/edition.typ).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:h="urn:tei-edition:html"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:text">
    <xsl:apply-templates select="tei:front, tei:body, tei:back"/>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="tei:front/tei:titlePage | tei:front/tei:div[@type = 'contents']"/>

  <!-- Divisions: level 1 with a heading (a chapter, the introduction, the conclusion) opens on
       a new page ($chapter-break), except the first of the main text, which follows the
       contents on a right-hand page anyway; deeper levels run on, and so does a division
       without a heading (the source's colophon, abstract, dedication: not chapters). -->
  <xsl:template match="tei:div">
    <xsl:variable name="level" select="count(ancestor::tei:div) + 1"/>
    <xsl:if test="$level = 1 and tei:head[not(@rend = 'run-in')] and pe:printed-before(.)">
      <xsl:text>#ed-chapter-break()&#10;&#10;</xsl:text>
    </xsl:if>
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- Is anything of the text printed before this element (after the contents page)? -->
  <xsl:function name="pe:printed-before" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/preceding::*[pe:is-host(.)][not(ancestor::tei:note)][ancestor::tei:text])"/>
  </xsl:function>

  <xsl:template match="tei:div/tei:head[not(@rend = 'run-in')]">
    <xsl:variable name="level" select="min((count(ancestor::tei:div), 4))"/>
    <xsl:text>#ed-head(</xsl:text>
    <xsl:value-of select="$level"/>
    <xsl:text>, </xsl:text>
    <xsl:value-of select="pe:content(h:plain(.))"/>
    <xsl:text>)[</xsl:text>
    <xsl:call-template name="pe:marks-before"/>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- A run-in heading (ENCODING.md) is set at the start of the paragraph that follows it. -->
  <xsl:template match="tei:div/tei:head[@rend = 'run-in']"/>

  <xsl:template match="tei:head" priority="-1">
    <xsl:text>#block(sticky: true)[#strong[</xsl:text>
    <xsl:call-template name="pe:marks-before"/>
    <xsl:apply-templates/>
    <xsl:text>]]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The blocks of the text (paragraphs, list items, not those of notes), each with its place
       among them: the key of ed-block, which tells render_pdf where each begins on the page
       and names the block when a word in it is to be kept whole. -->
  <xsl:variable name="blocks" as="element()*"
      select="/tei:TEI/tei:text//(tei:p | tei:item)[empty(ancestor::tei:note)]"/>
  <xsl:variable name="block-key" as="map(xs:string, xs:integer)"
      select="map:merge(for $i in 1 to count($blocks) return map{generate-id($blocks[$i]): $i})"/>

  <!-- A block begins (ed-block: its place among the blocks; the words render_pdf asks to keep
       whole in it are set so) and ends; nothing for a block inside a note, whose note is the
       unit there. -->
  <xsl:template name="pe:block-start">
    <xsl:value-of select="$block-key(generate-id(.)) ! ('#ed-block(' || . || ')[')"/>
  </xsl:template>

  <xsl:template name="pe:block-end">
    <xsl:value-of select="$block-key(generate-id(.)) ! ']'"/>
  </xsl:template>

  <xsl:template match="tei:p">
    <xsl:variable name="loose" select="tokenize($loose-notes)"/>
    <xsl:variable name="wrap" select="exists(.//tei:note[pe:is-footnote(.)][string($note-key(generate-id(.))) = $loose])"/>
    <xsl:if test="$wrap"><xsl:text>#ed-loose[</xsl:text></xsl:if>
    <xsl:call-template name="pe:block-start"/>
    <xsl:call-template name="pe:marks-before"/>
    <xsl:for-each select="preceding-sibling::*[1][self::tei:head[@rend = 'run-in']]">
      <xsl:text>#ed-run-in[</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>]</xsl:text>
    </xsl:for-each>
    <xsl:apply-templates/>
    <xsl:call-template name="pe:marks-after"/>
    <xsl:call-template name="pe:block-end"/>
    <xsl:if test="$wrap"><xsl:text>]</xsl:text></xsl:if>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:epigraph">
    <xsl:text>#ed-epigraph([</xsl:text>
    <xsl:apply-templates select="* except tei:bibl"/>
    <xsl:text>], source: </xsl:text>
    <xsl:choose>
      <xsl:when test="tei:bibl">
        <xsl:text>[</xsl:text>
        <xsl:for-each select="tei:bibl">
          <xsl:call-template name="pe:marks-before"/>
          <xsl:apply-templates/>
        </xsl:for-each>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
    <xsl:text>)&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The epigraph is set apart already: its quotation is not indented again. -->
  <xsl:template match="tei:epigraph/tei:quote" priority="3">
    <xsl:apply-templates select="if (tei:p) then * else node()"/>
  </xsl:template>

  <!-- ============================================================ contents -->

  <xsl:template name="pe:contents">
    <xsl:text>#ed-contents(</xsl:text>
    <xsl:value-of select="pe:content($label('contents'))"/>
    <xsl:text>, </xsl:text>
    <xsl:value-of select="max((1, $toc-depth))"/>
    <xsl:text>)&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
