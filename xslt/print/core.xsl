<?xml version="1.0" encoding="UTF-8"?>
<!--
  core.xsl: the core module (TEI Guidelines ch. 3) for print: notes become CSS footnotes
  (float: footnote) that keep the source's number (note/@n, page-local in the book); page
  breaks of the source become small marginal marks «[14]»; lists, quotations, highlighting,
  bibliographic citations inside notes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <!-- Footnotes (3.9): the call and the marker show the printed @n, not a running counter.
       WeasyPrint moves a footnote that does not fit to the next page but never splits one, so
       a note longer than $note-chunk × 1.5 characters is cut at sentence ends into pieces of
       about $note-chunk characters: the first piece carries the call, the others follow it
       with an invisible call and are carried over to the next page when the page is full. -->
  <xsl:template match="tei:note[@place = 'foot' or not(@place)]">
    <xsl:variable name="id" select="pe:id(.)"/>
    <xsl:variable name="n" select="(@n, '*')[1]"/>
    <xsl:choose>
      <xsl:when test="string-length(.) le $note-chunk * 3 idiv 2">
        <span class="fn" data-n="{$n}" id="{$id}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="pieces" select="pe:note-pieces(.)"/>
        <xsl:variable name="lengths" select="$pieces ! string-length(.)"/>
        <xsl:variable name="chunk" as="xs:integer*"
            select="for $i in 1 to count($pieces) return xs:integer(sum(subsequence($lengths, 1, $i - 1)) idiv $note-chunk)"/>
        <xsl:for-each-group select="1 to count($pieces)" group-by="$chunk[current()]">
          <span class="{if (position() = 1) then 'fn' else 'fn fn-cont'}" data-n="{$n}">
            <xsl:attribute name="id" select="if (position() = 1) then $id else $id || '-' || position()"/>
            <xsl:apply-templates select="$pieces[position() = current-group()]"/>
          </span>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The child nodes of a note, its text nodes cut after each sentence; a piece is never
       split, so a chunk may run a sentence over $note-chunk. -->
  <xsl:function name="pe:note-pieces" as="node()*">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="pieces" as="node()*">
      <xsl:for-each select="$note/node()">
        <xsl:choose>
          <xsl:when test="self::text()">
            <xsl:analyze-string select="." regex="[^.!?;…]*[.!?;…]+[»”)]*\s+|[^.!?;…]+$|.+$" flags="s">
              <xsl:matching-substring><xsl:value-of select="."/></xsl:matching-substring>
              <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
            </xsl:analyze-string>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="$pieces"/>
  </xsl:function>


  <xsl:template match="tei:note" priority="-1">
    <span class="note-inline"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Page breaks of the source (3.11.3): a marginal mark at the break point. -->
  <xsl:template match="tei:pb[@n]">
    <span class="pb" data-n="{@n}" title="{$label('source-page') || @n}">[<xsl:value-of select="@n"/>]</span>
  </xsl:template>

  <!-- A page break between blocks gets a zero-height line of its own to hang the mark on. -->
  <xsl:template match="tei:pb[@n][parent::tei:div | parent::tei:body | parent::tei:front | parent::tei:back]" priority="2">
    <div class="pb-block"><xsl:next-match/></div>
  </xsl:template>

  <xsl:template match="tei:pb[not(@n)] | tei:cb | tei:fw"/>

  <xsl:template match="tei:lb"><br/></xsl:template>

  <!-- A caption's line breaks are those of the source's narrow column next to its photograph;
       the book sets the caption across its own frame, so they become spaces. (The title page's
       and the colophon's line breaks separate items and are kept.) -->
  <xsl:template match="tei:figure//tei:lb" priority="1"><xsl:text> </xsl:text></xsl:template>

  <xsl:template match="tei:list">
    <ul class="{string-join(('list', @rend), ' ')}">
      <xsl:apply-templates/>
    </ul>
  </xsl:template>

  <xsl:template match="tei:item">
    <li><xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:quote[tei:p]">
    <blockquote class="quote"><xsl:apply-templates/></blockquote>
  </xsl:template>

  <xsl:template match="tei:quote/tei:p" priority="2">
    <p class="p quote-p"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q | tei:date | tei:bibl | tei:author | tei:pubPlace
                       | tei:publisher | tei:biblScope | tei:idno | tei:time | tei:name">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:title">
    <span class="title title-{(@level, 'm')[1]}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="string(@rend)"/>
    <xsl:element name="{if (contains($rend, 'bold')) then 'strong' else if (contains($rend, 'italic')) then 'em' else 'span'}">
      <xsl:attribute name="class" select="string-join(('hi', tokenize($rend)), ' ')"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:foreign">
    <span class="foreign">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Text nodes are copied; everything unknown passes its content through. -->
  <xsl:template match="tei:text//*" priority="-2">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="text()">
    <xsl:value-of select="."/>
  </xsl:template>
</xsl:stylesheet>
