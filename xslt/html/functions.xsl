<?xml version="1.0" encoding="UTF-8"?>
<!--
  functions.xsl: small pure helpers of the HTML edition: plain text, Russian sort keys, names,
  the page (HTML file) each part of a text lands on, stable ids of mentions, readable dates.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- ============================================================ plain text -->

  <!-- Plain text of an element: notes, page breaks and figures left out, whitespace
       normalised (headings in the contents, snippets, search records). An element without
       child elements (most names) is its string value: no template is applied. -->
  <xsl:function name="h:plain" as="xs:string">
    <xsl:param name="el" as="node()*"/>
    <xsl:choose>
      <xsl:when test="count($el) = 1 and $el instance of element() and empty($el/*)">
        <xsl:sequence select="normalize-space($el)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" as="xs:string*">
          <xsl:apply-templates select="$el/node()" mode="plain"/>
        </xsl:variable>
        <xsl:sequence select="normalize-space(string-join($t))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:mode name="plain" on-no-match="text-only-copy"/>
  <xsl:template match="tei:note | tei:figure | tei:pb | tei:cb | tei:fw | tei:figDesc" mode="plain"/>
  <xsl:template match="tei:lb" mode="plain"><xsl:text> </xsl:text></xsl:template>

  <!-- ============================================================ links -->

  <!-- True for a URL that is safe as a link target: no scheme (a local pointer or a relative
       path) or http, https, mailto. Control characters and whitespace, which browsers drop
       inside a scheme ("java&#9;script:"), are removed before the scheme is read. -->
  <xsl:function name="h:safe-href" as="xs:boolean">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="u" select="lower-case(replace($url, '[\s\p{Cc}]', ''))"/>
    <xsl:sequence select="not(matches($u, '^[a-z][a-z0-9+.\-]*:')) or matches($u, '^(https?|mailto):')"/>
  </xsl:function>

  <!-- ============================================================ sorting and names -->

  <!-- Russian alphabetical sort key: lower case, Ё filed with Е. Й stays apart from И, and the
       Cyrillic block of Unicode is already in alphabetical order (а..е ж..и й к..я), so the
       codepoint collation sorts the keys correctly; Latin names sort before Cyrillic ones. -->
  <xsl:function name="h:sort-key" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="translate(lower-case(normalize-space($s)), 'ё', 'е')"/>
  </xsl:function>

  <!-- "Surname, Forename" from a persName with surname/forename, else its text. -->
  <xsl:function name="h:person-name" as="xs:string">
    <xsl:param name="pn" as="element()?"/>
    <xsl:sequence select="if ($pn/tei:surname)
                          then string-join(($pn/tei:surname, $pn/tei:forename) ! normalize-space(.), ', ')
                          else normalize-space(string($pn))"/>
  </xsl:function>

  <!-- "Forename Surname" (title pages, the list of texts). -->
  <xsl:function name="h:display-name" as="xs:string">
    <xsl:param name="au" as="element()?"/>
    <xsl:variable name="pn" select="$au/tei:persName[1]"/>
    <xsl:sequence select="if ($pn/tei:surname)
                          then string-join(($pn/tei:forename, $pn/tei:surname) ! normalize-space(.), ' ')
                          else normalize-space(string($au))"/>
  </xsl:function>

  <!-- The register entry a @ref points to: "registers.xml#per-x" in the registers file,
       "#per-x" in the text's own standOff. -->
  <xsl:function name="h:entry" as="element()?">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="ref" select="string($m/@ref)"/>
    <xsl:variable name="id" select="substring-after($ref, '#')"/>
    <xsl:sequence select="if ($id = '') then ()
                          else if (starts-with($ref, '#')) then root($m)/id($id)
                          else if (exists($registers)) then $registers/id($id) else ()"/>
  </xsl:function>

  <!-- The canonical name of an entry, or $fallback. -->
  <xsl:function name="h:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:variable name="name" select="($entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName][@type = 'canonical'],
                                       $entry/*[self::tei:persName | self::tei:placeName | self::tei:orgName])[1]"/>
    <xsl:sequence select="if ($name/self::tei:persName) then h:person-name($name)
                          else if ($name) then normalize-space($name) else $fallback"/>
  </xsl:function>

  <!-- The HTML id of the register entry a mention belongs to: the entry's xml:id, else the id
       in @ref, else one made from the mention's text (registers built from mentions only). -->
  <xsl:function name="h:entry-key" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="e" select="h:entry($m)"/>
    <xsl:sequence select="if ($e) then string($e/@xml:id)
                          else if (contains($m/@ref, '#')) then substring-after($m/@ref, '#')
                          else $kind-of(local-name($m)) || '-' || h:slug(h:plain($m))"/>
  </xsl:function>

  <xsl:function name="h:slug" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace(replace(lower-case(normalize-space($s)), '[^\p{L}\p{N}]+', '-'), '^-|-$', '')"/>
  </xsl:function>

  <!-- ============================================================ pages of the site -->

  <!-- The top-level units of a text, one HTML page each: the divisions of body and back (a
       body without divisions is one unit). Front matter goes on the title page. -->
  <xsl:function name="h:units" as="element()*" cache="yes">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="text" select="root($doc)/tei:TEI/tei:text"/>
    <xsl:sequence select="if ($text/tei:body/tei:div) then ($text/tei:body/tei:div, $text/tei:back/tei:div)
                          else ($text/tei:body, $text/tei:back/tei:div)"/>
  </xsl:function>

  <!-- The file name of a unit: from its type and number (chapter-1.html, introduction.html),
       numbered by position when two units would share a name. Stable while the structure is.
       Computed once per unit (the accumulator h:unit-file): every link to a page and every
       mention in the registers asks for it (Saxon-HE ignores cache="yes"). -->
  <xsl:function name="h:unit-file" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:sequence select="($unit[accumulator-before('h:unit') is .] ! accumulator-before('h:unit-file'),
                           h:unit-file-name($unit))[1]"/>
  </xsl:function>

  <xsl:function name="h:unit-file-name" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:variable name="units" select="h:units(root($unit))"/>
    <xsl:variable name="base" select="h:unit-base($unit)"/>
    <xsl:sequence select="if (count(key('h:unit-by-base', $base, root($unit)) intersect $units) gt 1)
                          then $base || '-' || (index-of($units ! generate-id(.), generate-id($unit))) || '.html'
                          else $base || '.html'"/>
  </xsl:function>

  <!-- The units (and the other elements that could be units) by the base of their file name,
       computed once per text: every link to a page asks for its file name (Saxon-HE ignores
       cache="yes"). -->
  <xsl:key name="h:unit-by-base" match="tei:TEI/tei:text/tei:body | tei:TEI/tei:text/tei:body/tei:div
                                        | tei:TEI/tei:text/tei:back/tei:div" use="h:unit-base(.)"/>

  <xsl:function name="h:unit-base" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:variable name="raw" select="string-join(((if ($unit/self::tei:body) then 'text' else ($unit/@type, 'part')[1]), $unit/@n), '-')"/>
    <xsl:variable name="safe" select="replace(replace(lower-case($raw), '[^a-z0-9]+', '-'), '^-|-$', '')"/>
    <xsl:sequence select="if ($safe = '') then 'part' else $safe"/>
  </xsl:function>

  <!-- The unit an element is inside, read from an accumulator (one pass over the text) rather
       than by comparing every ancestor with every unit on each call: units never nest. -->
  <xsl:accumulator name="h:unit" as="element()?" initial-value="()">
    <xsl:accumulator-rule match="tei:TEI/tei:text/tei:body | tei:TEI/tei:text/tei:body/tei:div
                                 | tei:TEI/tei:text/tei:back/tei:div" phase="start"
        select="let $e := . return if (some $u in h:units($e) satisfies $u is $e) then $e else $value"/>
    <xsl:accumulator-rule match="tei:TEI/tei:text/tei:body | tei:TEI/tei:text/tei:body/tei:div
                                 | tei:TEI/tei:text/tei:back/tei:div" phase="end"
        select="if (. is $value) then () else $value"/>
  </xsl:accumulator>

  <!-- The file name of the unit an element is inside (see h:unit-file). -->
  <xsl:accumulator name="h:unit-file" as="xs:string?" initial-value="()">
    <xsl:accumulator-rule match="tei:TEI/tei:text/tei:body | tei:TEI/tei:text/tei:body/tei:div
                                 | tei:TEI/tei:text/tei:back/tei:div" phase="start"
        select="let $e := . return if (some $u in h:units($e) satisfies $u is $e) then h:unit-file-name($e) else $value"/>
    <xsl:accumulator-rule match="tei:TEI/tei:text/tei:body | tei:TEI/tei:text/tei:body/tei:div
                                 | tei:TEI/tei:text/tei:back/tei:div" phase="end"
        select="let $e := . return if (some $u in h:units($e) satisfies $u is $e) then () else $value"/>
  </xsl:accumulator>

  <!-- The source page in force at a point of the text (the @n of the last pb before it). -->
  <xsl:accumulator name="h:page" as="xs:string" initial-value="''">
    <xsl:accumulator-rule match="tei:text//tei:pb[not(ancestor::tei:note)]" select="string(@n)"/>
  </xsl:accumulator>

  <!-- The unit an element belongs to (empty for front matter and the header). -->
  <xsl:function name="h:unit-of" as="element()?">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="units" select="h:units(root($n))"/>
    <xsl:variable name="own" select="if ($n instance of element()) then $n ! accumulator-before('h:unit')
                                     else $n/ancestor-or-self::*[some $u in $units satisfies $u is .][1]"/>
    <xsl:sequence select="if ($own) then $own
                          else if ($n/ancestor::tei:front) then ()
                          else ($n/ancestor-or-self::*[parent::tei:body or parent::tei:back][1]/(following-sibling::tei:div[1], preceding-sibling::tei:div[1])[1])"/>
  </xsl:function>

  <!-- The HTML file (relative to the text's folder) on which a TEI node is shown. -->
  <xsl:function name="h:file-of" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="u" select="h:unit-of($n)"/>
    <xsl:sequence select="if ($u) then h:unit-file($u) else 'index.html'"/>
  </xsl:function>

  <!-- ============================================================ ids -->

  <!-- An HTML id for a TEI element: its xml:id, else one made from its place in the document
       (not generate-id(): that numbers documents in the order a process loaded them, so the same
       TEI would get other ids in another process). -->
  <xsl:function name="h:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/@xml:id,
                           'g-' || local-name($el) || '-' || count($el/(ancestor::* | preceding::*)))[1]"/>
  </xsl:function>

  <!-- A stable id for a name mention: the id of the nearest element that has an xml:id (a
       paragraph, a note), then the mention's number inside it: "thesis-p-7d5e0357-m2". -->
  <xsl:function name="h:mention-id" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="owner" select="($m/ancestor::*[@xml:id][1], root($m)/*)[1]"/>
    <xsl:variable name="k" select="count(key('h:names-in', generate-id($owner), root($m))[. &lt;&lt; $m]) + 1"/>
    <xsl:sequence select="string(($owner/@xml:id, 'text')[1]) || '-m' || $k"/>
  </xsl:function>

  <!-- The names that mention ids count (those of the text, and of the header and standOff when
       they point to an entry), filed under every element with an xml:id around them and under
       the root element: a mention's number is its place among its owner's names. -->
  <xsl:key name="h:names-in"
      match="tei:persName[@ref or not(ancestor::tei:standOff or ancestor::tei:teiHeader)]
             | tei:placeName[@ref or not(ancestor::tei:standOff or ancestor::tei:teiHeader)]
             | tei:orgName[@ref or not(ancestor::tei:standOff or ancestor::tei:teiHeader)]"
      use="(ancestor::*[@xml:id] | root(.)/*) ! generate-id(.)"/>

  <xsl:key name="h:pb-by-n" match="tei:text//tei:pb" use="string(@n)"/>

  <!-- The HTML id of a page break: page-14 (page-14-2 if the number repeats in the text). -->
  <xsl:function name="h:pb-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="same" select="key('h:pb-by-n', string($pb/@n), root($pb))"/>
    <xsl:variable name="k" select="index-of($same ! generate-id(.), generate-id($pb))"/>
    <xsl:sequence select="'page-' || h:slug(string($pb/@n)) || (if ($k gt 1) then '-' || $k else '')"/>
  </xsl:function>

  <!-- ============================================================ dates -->

  <!-- The word forms the edition generates in its language (xslt/html/forms-LANG.xml, the
       language of the labels, params.xsl; English for a language without a table). -->
  <xsl:variable name="h:forms" as="document-node()"
      select="(doc-available('forms-' || $label-lang || '.xml') ! doc('forms-' || $label-lang || '.xml'), doc('forms-en.xml'))[1]"/>
  <xsl:key name="h:month" match="month" use="xs:integer(@n)"/>
  <xsl:key name="h:prep" match="prep" use="string(@attr)"/>
  <xsl:key name="h:noun" match="noun" use="string(@key)"/>

  <!-- A month name in a case: h:month(4, 'gen') = "апреля". -->
  <xsl:function name="h:month" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="case" as="xs:string"/>
    <xsl:sequence select="string(key('h:month', $n, $h:forms)/@*[local-name() = $case])"/>
  </xsl:function>

  <!-- A number with its noun in the agreeing form: h:count-noun(493, 'mention') =
       "493 упоминания", "3 mentions". The forms table's @plural names the rule: "slavic"
       (one / few / many by the last two digits, 11-14 many), else one for 1 and many for others. -->
  <xsl:function name="h:count-noun" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="noun" select="key('h:noun', $key, $h:forms)"/>
    <xsl:variable name="d10" select="abs($n) mod 10"/>
    <xsl:variable name="d100" select="abs($n) mod 100"/>
    <xsl:variable name="form" select="if ($h:forms/*/@plural != 'slavic') then (if (abs($n) = 1) then 'one' else 'many')
                                      else if ($d10 = 1 and $d100 != 11) then 'one'
                                      else if ($d10 = (2, 3, 4) and not($d100 = (12, 13, 14))) then 'few' else 'many'"/>
    <xsl:sequence select="$n || '&#160;' || $noun/@*[local-name() = $form]"/>
  </xsl:function>

  <!-- An ISO date read aloud, its month in a case ($case, see forms-ru.xml) and the year
       followed by the table's @year-suffix: 1923-09-02 -> "2 сентября 1923 г." (a day always
       takes the genitive month), 1920-12 -> "декабрь 1920 г." (nom) / "декабря 1920 г." (gen),
       1920 -> "1920 г.", - -04-04 -> "4 апреля"; in English "2 September 1923", "December 1920". -->
  <xsl:function name="h:iso-date" as="xs:string">
    <xsl:param name="v" as="xs:string"/>
    <xsl:param name="case" as="xs:string"/>
    <xsl:variable name="y" select="string($h:forms/*/@year-suffix)"/>
    <xsl:variable name="shape" select="h:digit-shape($v)"/>
    <xsl:choose>
      <xsl:when test="$shape = ('0000-00-00', '-0000-00-00')">
        <xsl:sequence select="xs:integer(substring($v, 9, 2)) || ' ' || h:month(xs:integer(substring($v, 6, 2)), 'gen') || ' ' || substring($v, 1, 4) || $y"/>
      </xsl:when>
      <xsl:when test="$shape = ('0000-00', '-0000-00')">
        <xsl:sequence select="h:month(xs:integer(substring($v, 6, 2)), $case) || ' ' || substring($v, 1, 4) || $y"/>
      </xsl:when>
      <xsl:when test="$shape = '--00-00'">
        <xsl:sequence select="xs:integer(substring($v, 6, 2)) || ' ' || h:month(xs:integer(substring($v, 3, 2)), 'gen')"/>
      </xsl:when>
      <xsl:when test="$shape = ('0000', '-0000')">
        <xsl:sequence select="$v || $y"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The normalized value of a TEI date, read aloud, each bound with the preposition of its
       attribute in the case it governs: "с января 1920 г. по апрель 1920 г.",
       "не ранее июня 1912 г.", "from January 1920 to April 1920". -->
  <xsl:function name="h:date-value" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:variable name="to" select="string(key('h:prep', 'to', $h:forms)/@text)"/>
    <xsl:sequence select="string-join(
                            ($d/@when, $d/@from, $d/@to, $d/@notBefore, $d/@notAfter)
                            ! (let $p := key('h:prep', local-name(.), $h:forms)
                               return normalize-space($p/@text || ' ' || h:iso-date(., string($p/@case)))),
                            ', ') ! (if (contains(., ', ' || $to || ' ')) then replace(., ', ' || $to || ' ', ' ' || $to || ' ', 'q') else .)"/>
  </xsl:function>

  <!-- A value with each ASCII digit read as 0: "1923-09-02" -> "0000-00-00". The dates' shapes
       are told apart by it rather than by regular expressions, which cost Saxon about ten times
       as much on every date of a text. Only ASCII digits count: the W3C forms that TEI's date
       attributes take allow no others. -->
  <xsl:function name="h:digit-shape" as="xs:string">
    <xsl:param name="v" as="xs:string"/>
    <xsl:sequence select="translate($v, '123456789', '000000000')"/>
  </xsl:function>

  <!-- The machine-readable value (for <time datetime> and data attributes). -->
  <xsl:function name="h:date-iso" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:sequence select="if ($d/@when) then string($d/@when)
                          else string-join(($d/@from, $d/@notBefore), '') || '/' || string-join(($d/@to, $d/@notAfter), '')"/>
  </xsl:function>

  <!-- Text with no Cyrillic letter is marked as English (editorial statements). -->
  <xsl:function name="h:lang" as="xs:string?">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (matches($s, '[А-Яа-яЁё]') or not(matches($s, '[A-Za-z]'))) then () else 'en'"/>
  </xsl:function>
</xsl:stylesheet>
