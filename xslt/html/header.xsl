<?xml version="1.0" encoding="UTF-8"?>
<!--
  header.xsl: the TEI header (Guidelines ch. 2) for readers: the text's metadata for the page
  shells, its short description (home page), the title page, and the page "about this
  edition" (the source, what the edition normalized, inferred and removed, how it was made).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
  <xsl:variable name="main-title" as="xs:string"
      select="h:plain(($title-stmt/tei:title[@type = 'main'], $title-stmt/tei:title)[1])"/>
  <xsl:variable name="sub-title" as="xs:string"
      select="string-join($title-stmt/tei:title[@type = 'sub'] ! h:plain(.), '. ')"/>
  <xsl:variable name="author" as="xs:string"
      select="string-join($title-stmt/tei:author ! h:display-name(.), ', ')"/>
  <xsl:variable name="source-desc" select="$header/tei:fileDesc/tei:sourceDesc"/>
  <xsl:variable name="source-date" as="xs:string"
      select="string(($source-desc//tei:date ! (string(@when), normalize-space(.)))[. != ''][1])"/>

  <!-- Plain metadata for the page shells (titles, <meta>, the "cite this" line). -->
  <xsl:template name="h:meta">
    <meta>
      <title><xsl:value-of select="$main-title"/></title>
      <subtitle><xsl:value-of select="$sub-title"/></subtitle>
      <author><xsl:value-of select="$author"/></author>
      <date><xsl:value-of select="$source-date"/></date>
      <lang><xsl:value-of select="(/tei:TEI/@xml:lang, /tei:TEI/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident, 'ru')[1]"/></lang>
    </meta>
  </xsl:template>

  <!-- ============================================================ description -->

  <xsl:variable name="measure-label" as="map(xs:string, xs:string)"
      select="map:merge(('pages', 'notes', 'figures', 'words') ! map{string(.): $label('measure-' || .)})"/>

  <!-- A short description of the text for the list of texts: genre, subject, imprint, extent. -->
  <xsl:template name="h:description">
    <xsl:variable name="monogr" select="$source-desc/tei:biblStruct/tei:monogr"/>
    <xsl:variable name="bits" as="xs:string*" select="(
        $source-desc//tei:note[@type = 'genre'] ! h:plain(.),
        $source-desc//tei:note[@type = 'subject'] ! h:plain(.))"/>
    <xsl:variable name="imprint" as="xs:string*" select="(
        $monogr/tei:imprint/tei:pubPlace ! h:plain(.),
        $monogr/tei:imprint/tei:publisher ! h:plain(.),
        $monogr/tei:imprint/tei:date ! h:plain(.))[. != '']"/>
    <xsl:variable name="extent" as="xs:string*"
        select="$header/tei:fileDesc/tei:extent/tei:measure[@quantity] ! (@quantity || '&#160;' || ($measure-label(string(@unit)), string(@unit))[1])"/>
    <div class="text-description">
      <xsl:if test="exists($bits)">
        <p class="text-genre"><xsl:value-of select="string-join($bits, '. ')"/></p>
      </xsl:if>
      <xsl:if test="exists($imprint)">
        <p class="text-imprint"><xsl:value-of select="string-join($imprint, ', ')"/></p>
      </xsl:if>
      <xsl:if test="exists($extent)">
        <p class="text-extent"><xsl:value-of select="string-join($extent, ', ')"/></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ title page -->

  <xsl:template name="h:title-page">
    <header class="text-head">
      <xsl:if test="$author != ''"><p class="text-author"><xsl:value-of select="$author"/></p></xsl:if>
      <h1 class="text-title"><xsl:value-of select="$main-title"/></h1>
      <xsl:if test="$sub-title != ''"><p class="text-subtitle"><xsl:value-of select="$sub-title"/></p></xsl:if>
    </header>
    <xsl:call-template name="h:description"/>
    <xsl:variable name="front" select="/tei:TEI/tei:text/tei:front"/>
    <xsl:if test="$front/*">
      <section class="front" aria-label="{$label('title-page')}">
        <xsl:apply-templates select="$front"/>
      </section>
    </xsl:if>
    <section class="text-contents" aria-labelledby="text-contents-title">
      <h2 id="text-contents-title"><xsl:value-of select="$label('contents')"/></h2>
      <ol class="contents-list">
        <xsl:for-each select="h:units(/)">
          <li><a href="{h:unit-file(.)}"><xsl:value-of select="h:unit-title(.)"/></a></li>
        </xsl:for-each>
      </ol>
    </section>
    <xsl:variable name="pbs" select="/tei:TEI/tei:text//tei:pb[not(ancestor::tei:note)]"/>
    <xsl:if test="exists($pbs)">
      <section class="page-index" aria-labelledby="page-index-title">
        <h2 id="page-index-title"><xsl:value-of select="$label('pages')"/></h2>
        <p class="page-index-list">
          <xsl:for-each select="$pbs">
            <a href="{h:file-of(.)}#{h:pb-id(.)}"><xsl:value-of select="@n"/></a>
            <xsl:if test="position() != last()"><xsl:text> </xsl:text></xsl:if>
          </xsl:for-each>
        </p>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ about -->

  <xsl:template name="h:about">
    <h1><xsl:value-of select="$label('about')"/></h1>
    <section class="about-source" aria-labelledby="about-source">
      <h2 id="about-source"><xsl:value-of select="$label('source')"/></h2>
      <dl class="fields">
        <xsl:apply-templates select="$source-desc/*" mode="about-source"/>
      </dl>
    </section>
    <xsl:variable name="codes" select="$header/tei:profileDesc/tei:textClass/tei:classCode"/>
    <xsl:if test="$codes">
      <section aria-labelledby="about-class">
        <h2 id="about-class"><xsl:value-of select="$label('classification')"/></h2>
        <dl class="fields">
          <xsl:for-each select="$codes">
            <xsl:call-template name="h:field">
              <xsl:with-param name="name" select="($label(lower-case(@scheme)), string(@scheme))[1]"/>
              <xsl:with-param name="value" select="h:plain(.)"/>
            </xsl:call-template>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
    <xsl:variable name="decl" select="$header/tei:encodingDesc/tei:editorialDecl"/>
    <xsl:if test="$decl">
      <section class="about-editorial" aria-labelledby="about-editorial">
        <h2 id="about-editorial"><xsl:value-of select="$label('editorial')"/></h2>
        <xsl:if test="$decl/tei:p">
          <ul class="decl">
            <xsl:for-each select="$decl/tei:p">
              <li>
                <xsl:if test="h:lang(string(.))"><xsl:attribute name="lang" select="h:lang(string(.))"/></xsl:if>
                <xsl:apply-templates/>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:for-each select="$decl/*[not(self::tei:p)]">
          <h3><xsl:value-of select="($label(local-name()), local-name())[1]"/></h3>
          <ul class="decl">
            <xsl:for-each select="(tei:p, .[not(tei:p)])">
              <li>
                <xsl:if test="h:lang(string(.))"><xsl:attribute name="lang" select="h:lang(string(.))"/></xsl:if>
                <xsl:apply-templates/>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:for-each>
      </section>
    </xsl:if>
    <section class="about-encoding" aria-labelledby="about-encoding">
      <h2 id="about-encoding"><xsl:value-of select="$label('encoding')"/></h2>
      <dl class="fields">
        <xsl:for-each select="$title-stmt/tei:respStmt">
          <xsl:call-template name="h:field">
            <xsl:with-param name="name" select="h:plain(tei:resp)"/>
            <xsl:with-param name="value" select="string-join(tei:name ! h:plain(.), ', ')"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:for-each select="$header/tei:encodingDesc/tei:appInfo/tei:application">
          <dt><xsl:value-of select="$label('software')"/></dt>
          <dd><xsl:value-of select="(tei:label, @ident)[1]"/><xsl:text> </xsl:text><span class="version"><xsl:value-of select="@version"/></span>
            <xsl:for-each select="tei:desc[normalize-space()]">
              <xsl:text> (</xsl:text><span lang="{h:lang(string(.))}"><xsl:value-of select="normalize-space(.)"/></span><xsl:text>)</xsl:text>
            </xsl:for-each>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="$header/tei:profileDesc/tei:langUsage/tei:language">
          <xsl:call-template name="h:field">
            <xsl:with-param name="name" select="$label('language')"/>
            <xsl:with-param name="value" select="if (substring-before(@ident || '-', '-') = $label-lang) then $label('language-name') else h:plain(.)"/>
          </xsl:call-template>
        </xsl:for-each>
      </dl>
    </section>
    <xsl:variable name="avail" select="$header/tei:fileDesc/tei:publicationStmt/tei:availability"/>
    <xsl:if test="$avail">
      <section aria-labelledby="about-availability">
        <h2 id="about-availability"><xsl:value-of select="$label('availability')"/></h2>
        <xsl:for-each select="$avail/tei:p">
          <p>
            <xsl:if test="h:lang(string(.))"><xsl:attribute name="lang" select="h:lang(string(.))"/></xsl:if>
            <xsl:apply-templates/>
          </p>
        </xsl:for-each>
      </section>
    </xsl:if>
    <xsl:variable name="changes" select="$header/tei:revisionDesc/tei:change"/>
    <xsl:if test="$changes">
      <section aria-labelledby="about-revisions">
        <h2 id="about-revisions"><xsl:value-of select="$label('revisions')"/></h2>
        <ul class="changes">
          <xsl:for-each select="$changes">
            <li>
              <xsl:if test="h:lang(string(.))"><xsl:attribute name="lang" select="h:lang(string(.))"/></xsl:if>
              <xsl:if test="@when"><time datetime="{@when}"><xsl:value-of select="@when"/></time><xsl:text>: </xsl:text></xsl:if>
              <xsl:value-of select="h:plain(.)"/>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="h:field">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:if test="$value != ''">
      <dt><xsl:value-of select="$name"/></dt>
      <dd>
        <xsl:if test="h:lang($value)"><xsl:attribute name="lang" select="h:lang($value)"/></xsl:if>
        <xsl:value-of select="$value"/>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- The source description as a list of fields, from a bibl or a biblStruct. -->
  <xsl:template match="tei:bibl | tei:biblStruct | tei:monogr | tei:imprint | tei:analytic" mode="about-source">
    <xsl:apply-templates select="*" mode="about-source"/>
  </xsl:template>
  <xsl:template match="tei:p" mode="about-source">
    <xsl:call-template name="h:field">
      <xsl:with-param name="name" select="$label('source')"/>
      <xsl:with-param name="value" select="h:plain(.)"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="*" mode="about-source">
    <xsl:variable name="key" select="if (self::tei:title[@type = 'sub']) then 'subtitle'
        else if (self::tei:note) then (if (@type = 'source') then 'sourcefile' else string(@type))
        else if (self::tei:pubPlace) then 'place'
        else if (self::tei:idno) then lower-case(@type)
        else if (self::tei:orgName) then 'publisher'
        else local-name()"/>
    <xsl:call-template name="h:field">
      <xsl:with-param name="name" select="($label($key), $key)[1]"/>
      <xsl:with-param name="value" select="if (self::tei:author) then h:display-name(.) else h:plain(.)"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
