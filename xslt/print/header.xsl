<?xml version="1.0" encoding="UTF-8"?>
<!--
  header.xsl: the teiHeader module (TEI Guidelines ch. 2) for print: document metadata, the
  title page and the imprint page (its verso). A book (sourceDesc/biblStruct) gets author,
  title, subtitle, place, publisher and year on the title page and the classification codes,
  the bibliographic record and the ISBN on the imprint page; a thesis (sourceDesc/bibl) gets
  title and genre. Both get the editorial note (encodingDesc/editorialDecl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="monogr" select="$header/tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr"/>
  <xsl:variable name="doc-title" as="xs:string"
      select="normalize-space(($header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'],
                               $header/tei:fileDesc/tei:titleStmt/tei:title)[1])"/>
  <xsl:variable name="doc-subtitle" as="xs:string?"
      select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1] ! normalize-space(.)"/>
  <xsl:variable name="doc-author" as="xs:string?"
      select="($header/tei:fileDesc/tei:titleStmt/tei:author, $monogr/tei:author)[1] ! pe:display-name(.)"/>

  <xsl:template name="pe:meta">
    <meta key="title" value="{string-join(($doc-title, $doc-subtitle), '. ')}"/>
    <meta key="running-title" value="{$doc-title}"/>
    <xsl:if test="$doc-author">
      <meta key="author" value="{$doc-author}"/>
    </xsl:if>
    <meta key="lang" value="{(/tei:TEI/@xml:lang, 'ru')[1]}"/>
    <meta key="id" value="{(/tei:TEI/@xml:id, 'text')[1]}"/>
    <xsl:variable name="genre" select="$header//tei:sourceDesc//tei:note[@type = 'genre'][1]"/>
    <xsl:if test="$genre">
      <meta key="description" value="{normalize-space($genre)}"/>
    </xsl:if>
    <xsl:variable name="date" select="($monogr/tei:imprint/tei:date/@when, $header//tei:sourceDesc//tei:date/@when)[1]"/>
    <xsl:if test="$date">
      <meta key="date" value="{$date}"/>
    </xsl:if>
    <meta key="mentions" value="{count($mentions)}"/>
  </xsl:template>

  <xsl:template name="pe:title-page">
    <div class="title-page" data-rh="{$doc-title}">
      <xsl:for-each select="/tei:TEI/tei:text/tei:front/tei:titlePage[.//tei:pb[@n]]">
        <xsl:call-template name="pe:omitted-page-marks"/>
      </xsl:for-each>
      <xsl:if test="$doc-author">
        <p class="tp-author"><xsl:value-of select="$doc-author"/></p>
      </xsl:if>
      <div class="tp-main">
        <p class="tp-title"><xsl:value-of select="$doc-title"/></p>
        <xsl:if test="$doc-subtitle">
          <p class="tp-subtitle"><xsl:value-of select="$doc-subtitle"/></p>
        </xsl:if>
        <xsl:for-each select="$header//tei:sourceDesc//tei:note[@type = 'genre'][1]">
          <p class="tp-genre"><xsl:value-of select="normalize-space(.)"/></p>
        </xsl:for-each>
      </div>
      <xsl:variable name="place" select="($monogr/tei:imprint/tei:pubPlace)[1]"/>
      <xsl:variable name="publisher" select="($monogr/tei:imprint/tei:publisher)[1]"/>
      <xsl:variable name="year" select="($monogr/tei:imprint/tei:date, $header//tei:sourceDesc/tei:bibl/tei:date)[1]"/>
      <xsl:variable name="inst" select="$header//tei:sourceDesc/tei:bibl/tei:orgName[1]"/>
      <div class="tp-imprint">
        <xsl:for-each select="$inst"><p class="tp-institution"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
        <xsl:for-each select="$place"><p class="tp-place"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
        <xsl:for-each select="$publisher"><p class="tp-publisher"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
        <xsl:for-each select="$year"><p class="tp-year"><xsl:value-of select="normalize-space(.)"/></p></xsl:for-each>
      </div>
    </div>
  </xsl:template>

  <xsl:template name="pe:imprint">
    <div class="imprint">
      <xsl:variable name="codes" select="$header/tei:profileDesc/tei:textClass/tei:classCode"/>
      <xsl:if test="$codes">
        <div class="imp-codes">
          <xsl:for-each select="$codes[@scheme = 'UDC']">
            <p class="imp-udc"><xsl:value-of select="$label('udc') || ' ' || normalize-space(.)"/></p>
          </xsl:for-each>
          <xsl:for-each select="$codes[@scheme = 'BBK']">
            <p class="imp-bbk"><xsl:value-of select="$label('bbk') || ' ' || normalize-space(.)"/></p>
          </xsl:for-each>
        </div>
      </xsl:if>
      <xsl:for-each select="$header//tei:sourceDesc//tei:note[@type = 'record']">
        <p class="imp-record"><xsl:value-of select="normalize-space(.)"/></p>
      </xsl:for-each>
      <xsl:variable name="decl" select="$header/tei:encodingDesc/tei:editorialDecl"/>
      <xsl:if test="$decl">
        <div class="imp-editorial">
          <p class="imp-heading"><xsl:value-of select="$label('about')"/></p>
          <xsl:for-each select="$decl//tei:p">
            <!-- The project writes editorialDecl in English (ENCODING.md) without xml:lang; a
                 paragraph without Cyrillic letters is marked English so that hyphenation and
                 the PDF structure tree follow its language. -->
            <p class="imp-decl">
              <xsl:if test="not(matches(., '[а-яёА-ЯЁ]'))">
                <xsl:attribute name="lang">en</xsl:attribute>
              </xsl:if>
              <xsl:apply-templates/>
            </p>
          </xsl:for-each>
          <xsl:for-each select="$header/tei:encodingDesc/tei:appInfo/tei:application[1]">
            <p class="imp-made-with">
              <xsl:value-of select="$label('made-with') || normalize-space(tei:label) || ' ' || @version || '.'"/>
            </p>
          </xsl:for-each>
        </div>
      </xsl:if>
      <xsl:for-each select="$monogr/tei:idno[@type = 'ISBN']">
        <p class="imp-isbn"><xsl:value-of select="$label('isbn') || ' ' || normalize-space(.)"/></p>
      </xsl:for-each>
    </div>
  </xsl:template>
</xsl:stylesheet>
