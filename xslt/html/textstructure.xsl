<?xml version="1.0" encoding="UTF-8"?>
<!--
  textstructure.xsl: the default text structure (TEI Guidelines ch. 4): divisions and their
  headings, the title page and other front matter, epigraphs, and the contents sidebar.
  One HTML page per unit (a division of body or back, see h:units); the front matter goes on
  the text's title page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- ============================================================ divisions -->

  <xsl:template match="tei:div">
    <section class="div div-{(@type, 'part')[1]}" id="{h:id(.)}">
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Heading level: the unit's heading is h1 (the page title), nested divisions go down. -->
  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + (if (ancestor::tei:front) then 1 else 0), 6))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class" select="string-join(('head', @rend ! ('head-' || .)), ' ')"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A body without divisions is one page. -->
  <xsl:template match="tei:body | tei:back | tei:front">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ============================================================ front matter -->

  <xsl:template match="tei:titlePage">
    <div class="title-page">
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="tei:docTitle">
    <div class="doc-title"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:titlePart">
    <p class="title-part title-part-{(@type, 'main')[1]}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:docAuthor | tei:docImprint | tei:docDate | tei:byline | tei:docEdition">
    <p class="{local-name()}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:titlePage/tei:imprimatur | tei:titlePage/tei:argument">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:epigraph">
    <blockquote class="epigraph">
      <xsl:apply-templates select="tei:quote/node() | tei:p | tei:lg"/>
      <xsl:for-each select="tei:bibl">
        <footer class="epigraph-source"><xsl:apply-templates/></footer>
      </xsl:for-each>
    </blockquote>
  </xsl:template>
  <xsl:template match="tei:epigraph/tei:quote/text()[not(normalize-space())]"/>

  <!-- ============================================================ contents -->

  <!-- The contents sidebar of a text: title page, units (and their divisions down to
       $toc-depth), the page about the edition; the current page is marked. -->
  <xsl:template name="h:toc">
    <xsl:param name="current" as="xs:string"/>
    <nav class="toc" aria-labelledby="toc-title">
      <h2 id="toc-title" class="toc-title"><xsl:value-of select="$label('contents')"/></h2>
      <ol class="toc-list">
        <xsl:call-template name="h:toc-link">
          <xsl:with-param name="href" select="'index.html'"/>
          <xsl:with-param name="text" select="$label('title-page')"/>
          <xsl:with-param name="current" select="$current = 'index.html'"/>
        </xsl:call-template>
        <xsl:for-each select="h:units(/)">
          <xsl:variable name="file" select="h:unit-file(.)"/>
          <li class="toc-unit">
            <a href="{$file}">
              <xsl:if test="$file = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <xsl:value-of select="h:unit-title(.)"/>
            </a>
            <xsl:if test="$file = $current or $toc-depth gt 1">
              <xsl:call-template name="h:toc-sub">
                <xsl:with-param name="divs" select="tei:div[tei:head]"/>
                <xsl:with-param name="file" select="$file"/>
                <xsl:with-param name="depth" select="2"/>
              </xsl:call-template>
            </xsl:if>
          </li>
        </xsl:for-each>
        <xsl:call-template name="h:toc-link">
          <xsl:with-param name="href" select="'about.html'"/>
          <xsl:with-param name="text" select="$label('about')"/>
          <xsl:with-param name="current" select="$current = 'about.html'"/>
        </xsl:call-template>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template name="h:toc-link">
    <xsl:param name="href" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="current" as="xs:boolean"/>
    <li class="toc-unit toc-extra">
      <a href="{$href}">
        <xsl:if test="$current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
        <xsl:value-of select="$text"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template name="h:toc-sub">
    <xsl:param name="divs" as="element()*"/>
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:if test="exists($divs) and $depth le $toc-depth">
      <ol>
        <xsl:for-each select="$divs">
          <li>
            <a href="{$file}#{h:id(.)}"><xsl:value-of select="h:plain(tei:head[1])"/></a>
            <xsl:call-template name="h:toc-sub">
              <xsl:with-param name="divs" select="tei:div[tei:head]"/>
              <xsl:with-param name="file" select="$file"/>
              <xsl:with-param name="depth" select="$depth + 1"/>
            </xsl:call-template>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- The title of a unit: its heading, else a label for its type. -->
  <xsl:function name="h:unit-title" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:variable name="head" select="h:plain($unit/tei:head[1])"/>
    <xsl:sequence select="if ($head != '') then $head
                          else if ($unit/self::tei:body) then $label('unit-body')
                          else string-join(($unit/@type, $unit/@n), ' ')"/>
  </xsl:function>

  <!-- The content of a unit's page: the unit, with any loose blocks of body/back that belong
       to it (those before the first division go with it, those after the last with the last). -->
  <xsl:template name="h:unit-body">
    <xsl:param name="unit" as="element()"/>
    <xsl:choose>
      <xsl:when test="$unit/self::tei:div">
        <xsl:apply-templates select="$unit/preceding-sibling::*[not(self::tei:div)][following-sibling::tei:div[1] is $unit]"/>
        <xsl:apply-templates select="$unit"/>
        <xsl:if test="empty($unit/following-sibling::tei:div)">
          <xsl:apply-templates select="$unit/following-sibling::*"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <section class="div div-text" id="{h:id($unit)}">
          <h1 class="head"><xsl:value-of select="h:unit-title($unit)"/></h1>
          <xsl:apply-templates select="$unit/node()"/>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
