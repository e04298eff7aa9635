<?xml version="1.0" encoding="UTF-8"?>
<!-- functions.xsl: small pure helpers shared by the print modules. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <!-- Plain text of an element: notes, page breaks and figures left out, whitespace normalised
       (for running heads, the contents and PDF metadata). -->
  <xsl:function name="pe:plain" as="xs:string">
    <xsl:param name="el" as="node()?"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$el/node()" mode="plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t))"/>
  </xsl:function>

  <xsl:template match="tei:note | tei:figure | tei:pb | tei:cb | tei:fw" mode="plain"/>
  <xsl:template match="tei:lb" mode="plain"><xsl:text> </xsl:text></xsl:template>

  <!-- Russian alphabetical sort key: lower case, Ё filed with Е. Й stays apart from И, and the
       Cyrillic block of Unicode is already in alphabetical order (а..е ж..и й к..я), so the
       codepoint collation sorts the keys correctly; Latin names sort before Cyrillic ones. -->
  <xsl:function name="pe:sort-key" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="translate(lower-case(normalize-space($s)), 'ё', 'е')"/>
  </xsl:function>

  <!-- A person's name "Surname, Forename" from a persName with surname/forename, else its text. -->
  <xsl:function name="pe:person-name" as="xs:string">
    <xsl:param name="pn" as="element()?"/>
    <xsl:sequence select="if ($pn/tei:surname)
                          then string-join(($pn/tei:surname, $pn/tei:forename) ! normalize-space(.), ', ')
                          else normalize-space(string($pn))"/>
  </xsl:function>

  <!-- "Forename Surname" for the title page. -->
  <xsl:function name="pe:display-name" as="xs:string">
    <xsl:param name="au" as="element()?"/>
    <xsl:variable name="pn" select="$au/tei:persName[1]"/>
    <xsl:sequence select="if ($pn/tei:surname)
                          then string-join(($pn/tei:forename, $pn/tei:surname) ! normalize-space(.), ' ')
                          else normalize-space(string($au))"/>
  </xsl:function>

  <!-- An HTML id for a TEI element: its xml:id, else a generated one (stable within a run). -->
  <xsl:function name="pe:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/@xml:id, 'g-' || generate-id($el))[1]"/>
  </xsl:function>
</xsl:stylesheet>
