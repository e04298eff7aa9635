<?xml version="1.0" encoding="UTF-8"?>
<!--
  namesdates.xsl: names (TEI Guidelines ch. 13) for print: every mention of a person, place
  or organisation that points to a register entry (@ref) gets an anchor; the indexes at the end
  list the register entries with the pages of their mentions.

  Two passes (driven by tei_edition.render_pdf): in the first, $pages is empty and the index
  holds its headings only; WeasyPrint lays the book out and reports the page of each anchor;
  in the second, $pages maps anchors to pages and the index lists collapsed ranges (12–14),
  each linked to the first mention in it. The index comes last, so its length cannot move
  the pages it reports.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    exclude-result-prefixes="#all">

  <!-- Which mentions the index lists: those in the printed text. The source's title page and
       its printed contents are not reproduced (the book sets its own title page and contents,
       whose page numbers are this book's; textstructure.xsl), nor are figDesc and fw, so a
       name there has no page of this book to point to; and every mention there repeats one in
       the running text (the contents repeat the chapter headings). They get no anchor and are
       neither counted (meta "mentions", render_pdf's anchor check) nor listed. This function
       is the one place that decides; the accumulator, $mentions and the anchor template use it. -->
  <xsl:function name="pe:indexed" as="xs:boolean">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="exists($m/@ref) and exists($m/ancestor::tei:text)
                          and empty($m/ancestor::*[pe:unprinted(.)])"/>
  </xsl:function>

  <!-- Elements of the text the print edition leaves out (with their page breaks kept as marks). -->
  <xsl:function name="pe:unprinted" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:titlePage[parent::tei:front]
                          | self::tei:div[@type = 'contents'][parent::tei:front]
                          | self::tei:figDesc | self::tei:fw])"/>
  </xsl:function>

  <!-- Mentions are numbered in document order: the anchor ids must be the same in both passes
       (generate-id() is not stable across two parses). -->
  <xsl:accumulator name="mention" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//*[self::tei:persName | self::tei:placeName | self::tei:orgName][pe:indexed(.)]"
        select="$value + 1"/>
  </xsl:accumulator>

  <xsl:variable name="mentions" as="element()*"
      select="/tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName)[pe:indexed(.)]"/>
  <xsl:variable name="kind-of" as="map(xs:string, xs:string)"
      select="map{'persName': 'person', 'placeName': 'place', 'orgName': 'org'}"/>
  <xsl:variable name="index-kinds" as="xs:string*"
      select="('person', 'place', 'org')[. = $mentions ! $kind-of(local-name())]"/>
  <xsl:variable name="has-index" as="xs:boolean" select="exists($mentions)"/>
  <xsl:variable name="text-root" select="/"/>

  <xsl:key name="page" match="a" use="@id"/>

  <xsl:function name="pe:mention-id" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="'m-' || $m ! accumulator-before('mention')"/>
  </xsl:function>

  <!-- The register entry a @ref points to: "registers.xml#per-x" in the registers file,
       "#per-x" in the text's own standOff. -->
  <xsl:function name="pe:entry" as="element()?">
    <xsl:param name="ref" as="xs:string"/>
    <xsl:variable name="id" select="substring-after($ref, '#')"/>
    <xsl:sequence select="if (starts-with($ref, '#')) then $text-root/id($id)
                          else if (exists($registers)) then $registers/id($id) else ()"/>
  </xsl:function>

  <xsl:function name="pe:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="name" select="($entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName][@type = 'canonical'],
                                       $entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName])[1]"/>
    <xsl:sequence select="if ($name/self::tei:persName) then pe:person-name($name)
                          else if ($name) then normalize-space($name) else $fallback"/>
  </xsl:function>

  <xsl:template match="tei:text//*[self::tei:persName | self::tei:placeName | self::tei:orgName][pe:indexed(.)]">
    <span class="name {local-name()}" id="{pe:mention-id(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ============================================================ index -->

  <xsl:template name="pe:index">
    <xsl:if test="$has-index">
      <section class="indexes div1 break-{if ($chapter-break = 'none') then 'page' else $chapter-break}" id="indexes">
        <h1 class="head1 index-title" data-label="{$label('indexes')}"><xsl:value-of select="$label('indexes')"/></h1>
        <xsl:for-each select="$index-kinds">
          <xsl:variable name="kind" select="."/>
          <section class="index index-{$kind}" id="index-{$kind}">
            <h2 class="head2" data-label="{$label('index-' || $kind)}"><xsl:value-of select="$label('index-' || $kind)"/></h2>
            <xsl:if test="exists($pages)">
              <ul class="index-entries">
                <xsl:for-each-group select="$mentions[$kind-of(local-name()) = $kind]"
                    group-by="(pe:entry(@ref) ! ('#' || @xml:id), 'text:' || normalize-space(.))[1]">
                  <xsl:sort select="pe:sort-key(pe:entry-name(pe:entry(@ref), normalize-space(.)))"/>
                  <xsl:sort select="pe:entry-name(pe:entry(@ref), normalize-space(.))"/>
                  <xsl:call-template name="pe:index-entry"/>
                </xsl:for-each-group>
              </ul>
            </xsl:if>
          </section>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="pe:index-entry">
    <xsl:variable name="ids" as="xs:string*" select="current-group() ! pe:mention-id(.)"/>
    <xsl:variable name="numbers" as="xs:integer*"
        select="sort(distinct-values($ids ! key('page', ., $pages)/@page ! xs:integer(.)))"/>
    <li class="index-entry">
      <span class="index-name"><xsl:value-of select="pe:entry-name(pe:entry(@ref), normalize-space(.))"/></span>
      <xsl:text> </xsl:text>
      <span class="index-pages">
        <!-- consecutive pages form one range: n - position() is constant inside a run -->
        <xsl:for-each-group select="$numbers" group-adjacent=". - position()">
          <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
          <xsl:variable name="first" select="current-group()[1]"/>
          <xsl:variable name="last" select="current-group()[last()]"/>
          <a class="index-page" href="#{$ids[key('page', ., $pages)/@page = $first][1]}">
            <xsl:value-of select="if ($last gt $first) then $first || '–' || $last else $first"/>
          </a>
        </xsl:for-each-group>
      </span>
    </li>
  </xsl:template>

  <!-- Mentions whose @ref resolves nowhere: reported by render_pdf, listed under their text. -->
  <xsl:template name="pe:diagnostics">
    <xsl:for-each-group select="$mentions[empty(pe:entry(@ref))]" group-by="@ref">
      <diagnostic code="print-ref-unresolved" ref="{current-grouping-key()}" count="{count(current-group())}"/>
    </xsl:for-each-group>
  </xsl:template>
</xsl:stylesheet>
