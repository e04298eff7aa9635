<?xml version="1.0" encoding="UTF-8"?>
<!--
  core.xsl: the core module (TEI Guidelines ch. 3) for print: notes become footnotes, page
  breaks of the source marginal marks «[14]», lists, quotations, highlighting, and the text
  nodes themselves (through pe:text, the one place that escapes TEI text).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- ============================================================ notes (3.9) -->

  <!-- Every note of the text is a footnote, except a figure's credit (figures.xsl). -->
  <xsl:function name="pe:is-footnote" as="xs:boolean">
    <xsl:param name="n" as="element()"/>
    <xsl:sequence select="exists($n[self::tei:note][ancestor::tei:text][not(parent::tei:figure)]
                          [not(ancestor::tei:note)])"/>
  </xsl:function>

  <!-- The source's note numbers are kept when they tell every note apart (the thesis numbers
       its notes through the text). A source that numbers them afresh on every page (the book)
       would give two notes the same number on one page of this edition, whose pages are not
       the source's: its notes are numbered through the whole text, and the "About this
       edition" page says so (header.xsl). -->
  <xsl:variable name="footnotes" as="element()*" select="/tei:TEI/tei:text//tei:note[pe:is-footnote(.)]"/>
  <xsl:variable name="renumber-notes" as="xs:boolean"
      select="some $n in $footnotes satisfies normalize-space($n/@n) = ''
              or count(distinct-values($footnotes ! normalize-space(@n))) lt count($footnotes)"/>

  <!-- Each footnote's place among them (the key of ed-note, ed-check-notes, $loose-notes). -->
  <xsl:variable name="note-key" as="map(xs:string, xs:integer)"
      select="map:merge(for $i in 1 to count($footnotes) return map{generate-id($footnotes[$i]): $i})"/>

  <xsl:template match="tei:note">
    <xsl:choose>
      <xsl:when test="pe:is-footnote(.)">
        <!-- in a heading, resolved at layout ("context"), so that the note's text does not
             become part of the heading's PDF bookmark -->
        <xsl:text>#</xsl:text>
        <xsl:if test="ancestor::tei:head"><xsl:text>context </xsl:text></xsl:if>
        <xsl:text>ed-note(</xsl:text>
        <xsl:value-of select="$note-key(generate-id(.))"/>
        <xsl:text>, </xsl:text>
        <xsl:choose>
          <xsl:when test="$renumber-notes">
            <xsl:text>[</xsl:text>
            <xsl:number level="any" count="tei:note[pe:is-footnote(.)]" from="tei:text"/>
            <xsl:text>]</xsl:text>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="pe:content(normalize-space(@n))"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>)[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Paragraphs inside a note are separated by a paragraph break inside the footnote. -->
  <xsl:template match="tei:note//tei:p" priority="2">
    <xsl:if test="preceding-sibling::tei:p"><xsl:text>#parbreak()</xsl:text></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ============================================================ page breaks (3.11.3) -->

  <!-- The blocks that carry marginal marks: a mark is set level with a line of text. -->
  <xsl:function name="pe:is-host" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:p | self::tei:head[not(@rend = 'run-in')] | self::tei:item
                                   | self::tei:bibl[parent::tei:epigraph] | self::tei:l])
                          and empty($e/ancestor::tei:note) and empty($e/ancestor-or-self::*[pe:unprinted(.)])
                          and empty($e/ancestor::*[pe:is-host(.)][not(self::tei:p)])
                          and exists($e/ancestor::tei:text)"/>
  </xsl:function>

  <!-- A page break inside a printed block is marked where it stands; one between blocks (or in
       a part of the text that is not printed) is marked on the first line of the next block,
       or, at the very end of the text, on the last line of the block before. -->
  <xsl:function name="pe:pb-between-blocks" as="xs:boolean">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="empty($pb/ancestor::tei:note)
                          and (empty($pb/ancestor::*[pe:is-host(.)]) or exists($pb/ancestor::*[pe:unprinted(.)]))
                          and empty($pb/ancestor::tei:titlePage[parent::tei:front])"/>
  </xsl:function>

  <xsl:key name="pb-before" match="tei:text//tei:pb[@n][pe:pb-between-blocks(.)]"
      use="(following::*[pe:is-host(.)])[1] ! generate-id(.)"/>
  <xsl:key name="pb-after" match="tei:text//tei:pb[@n][pe:pb-between-blocks(.)][empty(following::*[pe:is-host(.)])]"
      use="(preceding::*[pe:is-host(.)])[1] ! generate-id(.)"/>

  <xsl:template name="pe:marks-before">
    <xsl:apply-templates select="key('pb-before', generate-id(.))" mode="mark"/>
  </xsl:template>

  <xsl:template name="pe:marks-after">
    <xsl:apply-templates select="key('pb-after', generate-id(.))" mode="mark"/>
  </xsl:template>

  <xsl:template match="tei:pb[@n]" mode="mark">
    <xsl:text>#ed-pb(</xsl:text>
    <xsl:value-of select="pe:content(normalize-space(@n))"/>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template match="tei:pb[@n]">
    <xsl:if test="not(pe:pb-between-blocks(.))">
      <xsl:apply-templates select="." mode="mark"/>
    </xsl:if>
  </xsl:template>

  <!-- In a footnote the source's page turn is said in the text, not in the margin. -->
  <xsl:template match="tei:note//tei:pb[@n]" priority="2">
    <xsl:value-of select="' ' || pe:string('[' || normalize-space(@n) || ']') || ' '"/>
  </xsl:template>

  <xsl:template match="tei:pb[not(@n)] | tei:cb | tei:fw"/>

  <xsl:template match="tei:lb">
    <xsl:text>#linebreak()</xsl:text>
  </xsl:template>

  <!-- A caption's line breaks are those of the source's narrow column next to its photograph;
       the book sets the caption across its own frame, so they become spaces. -->
  <xsl:template match="tei:figure//tei:lb" priority="1"><xsl:text> </xsl:text></xsl:template>

  <!-- ============================================================ lists, quotations -->

  <xsl:template match="tei:list">
    <xsl:text>#ed-list[</xsl:text>
    <xsl:apply-templates select="*"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- The items carry their labels in their text («1.», «а)»), as the source printed them. -->
  <xsl:template match="tei:item">
    <xsl:text>#ed-item[</xsl:text>
    <xsl:call-template name="pe:block-start"/>
    <xsl:call-template name="pe:marks-before"/>
    <xsl:apply-templates/>
    <xsl:call-template name="pe:marks-after"/>
    <xsl:call-template name="pe:block-end"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:quote[tei:p]">
    <xsl:text>#ed-quote[</xsl:text>
    <xsl:apply-templates select="*"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="tokenize(string(@rend))"/>
    <xsl:variable name="fn" select="if ($rend = 'bold') then 'strong' else if ($rend = ('italic', 'i')) then 'emph'
                                    else if ($rend = ('sup', 'superscript')) then 'super'
                                    else if ($rend = ('sub', 'subscript')) then 'sub' else ''"/>
    <xsl:choose>
      <xsl:when test="$fn">
        <xsl:value-of select="'#' || $fn || '['"/>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:foreign[matches(string(@xml:lang), '^[a-z]{2,3}(-.*)?$')]">
    <xsl:value-of select="'#text(lang: &quot;' || substring-before(@xml:lang || '-', '-') || '&quot;)['"/>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- A table: #ed-table(columns, label rows, cells...), each row filled to the widest row (a
       cell spanning columns, @cols, takes as many places). Label rows are the leading rows with
       role="label". -->
  <xsl:function name="pe:places" as="xs:integer">
    <xsl:param name="cells" as="element()*"/>
    <xsl:sequence select="sum($cells ! xs:integer((@cols, 1)[1]))"/>
  </xsl:function>

  <xsl:template match="tei:table">
    <xsl:variable name="rows" select="tei:row"/>
    <xsl:variable name="width" select="max(($rows ! pe:places(tei:cell), 1))"/>
    <xsl:variable name="labels" select="(index-of($rows ! (@role = 'label'), false())[1] - 1, count($rows))[1]"/>
    <xsl:for-each select="tei:head">
      <xsl:text>#block(sticky: true)[#strong[</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>]]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:value-of select="'#ed-table(' || $width || ', ' || $labels"/>
    <xsl:for-each select="$rows">
      <xsl:for-each select="tei:cell">
        <xsl:text>, [</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
        <xsl:for-each select="2 to pe:places(.)"><xsl:text>, []</xsl:text></xsl:for-each>
      </xsl:for-each>
      <xsl:for-each select="1 to $width - pe:places(tei:cell)"><xsl:text>, []</xsl:text></xsl:for-each>
    </xsl:for-each>
    <xsl:text>)&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- Everything else passes its content through; text goes through pe:text. -->
  <xsl:template match="tei:text//*" priority="-2">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="text()">
    <xsl:value-of select="pe:text(.)"/>
  </xsl:template>
</xsl:stylesheet>
