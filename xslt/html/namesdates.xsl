<?xml version="1.0" encoding="UTF-8"?>
<!--
  namesdates.xsl: names and dates (TEI Guidelines ch. 13) in the running text. A mention of a
  person, place or organisation is a link to its entry in the register pages, with a stable id
  (h:mention-id) that the register links back to and the canonical name shown on hover and
  focus (data-canon, drawn by CSS). A date shows its normalized value (data-norm) the same way.
  The reader can switch each type of marking off (a class on <body>, set by the script).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <xsl:template match="tei:text//tei:persName | tei:text//tei:placeName | tei:text//tei:orgName">
    <xsl:param name="h:in-link" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$h:in-link">
      <span class="ent ent-{$kind-of(local-name())}" id="{h:mention-id(.)}"><xsl:apply-templates/></span>
    </xsl:if>
    <xsl:if test="not($h:in-link)">
    <xsl:variable name="kind" select="$kind-of(local-name())"/>
    <xsl:variable name="entry" select="h:entry(.)"/>
    <!-- out of the Tab order (a keyboard user would tab through every name): names are reached
         through the registers, the "next name" key (N) and the switch that puts them back -->
    <a class="ent ent-{$kind}" id="{h:mention-id(.)}" tabindex="-1"
       href="{$root}{$register-file($kind)}#{h:entry-key(.)}"
       data-canon="{h:entry-name($entry, h:plain(.))}">
      <xsl:apply-templates><xsl:with-param name="h:in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
    </a>
    <xsl:call-template name="h:notes-after-link"/>
    </xsl:if>
  </xsl:template>

  <!-- Names inside a name (a surname inside a persName) stay plain. -->
  <xsl:template match="(tei:text//tei:persName | tei:text//tei:placeName | tei:text//tei:orgName)
                       [ancestor::*[self::tei:persName | self::tei:placeName | self::tei:orgName]]" priority="2">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:surname | tei:forename | tei:roleName | tei:addName | tei:genName">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:text//tei:date[@when | @from | @to | @notBefore | @notAfter]" priority="2">
    <xsl:variable name="iso" select="h:date-iso(.)"/>
    <xsl:choose>
      <xsl:when test="h:digit-shape(string(@when)) = ('0000', '0000-00', '0000-00-00')">
        <time class="date" datetime="{@when}" data-norm="{h:date-value(.)}"><xsl:apply-templates/></time>
      </xsl:when>
      <xsl:otherwise>
        <span class="date" data-iso="{$iso}" data-norm="{h:date-value(.)}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:text//tei:date">
    <span class="date-plain"><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
