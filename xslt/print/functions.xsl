<?xml version="1.0" encoding="UTF-8"?>
<!--
  functions.xsl: the one place where TEI text becomes Typst markup (pe:esc, pe:text), and the
  edition's language. The pure helpers both editions use (h:plain, h:sort-key, h:person-name,
  h:display-name, h:entry, h:entry-name) live in xslt/html/functions.xsl, imported by print.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:pe="urn:tei-edition:print"
    xmlns:h="urn:tei-edition:html"
    exclude-result-prefixes="#all">

  <!-- ============================================================ text -> Typst markup -->

  <!-- Escape a string for Typst markup: every ASCII character that is neither a letter, a digit
       nor a space gets a backslash (Typst reads "\X" as the character X for any X that is not
       whitespace), which disarms all markup (# * _ ` $ < > @ = - + / [ ] \ ~ and line-start
       list markers), the shorthands (a hyphen before a digit, two or three hyphens, three dots, the tilde, hyphen-question mark), smart quotes
       (' and ") and comments (// /*). Runs of whitespace, including the characters Typst
       takes for line ends (U+0085, U+2028, U+2029), become one space, as XML text
       collapses in print. This is the only place that writes TEI text into the Typst source. -->
  <xsl:function name="pe:esc" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace(replace($s, '[\s&#x85;&#x2028;&#x2029;]+', ' '),
                                  '([!-/:-@\[-`\{-~])', '\\$1')"/>
  </xsl:function>

  <!-- Whitespace as print sets it (see pe:esc), for the context of pe:nbsp. -->
  <xsl:function name="pe:ws" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="replace(string($s), '[\s&#x85;&#x2028;&#x2029;]+', ' ')"/>
  </xsl:function>

  <!-- The non-breaking spaces of Russian book typography. $s is matched with the last
       characters before it ($before) and the first after it ($after), so that a rule also holds
       across an element boundary (<date>1930</date> г.); every rule is a regular expression of
       three groups, (before)( )(after), and turns that one space into U+00A0, so the length is
       kept and $s is cut back out. Each rule runs twice, for overlapping matches
       («М. В. Коломиец»). The patterns are literals so that Saxon compiles them once.
         1. after an initial or a one-letter abbreviation: «С. Гото», «М. В. Коломиец», «С. 25»;
         2. after № and §: «№ 5», «§ 3»;
         3. between a number and what counts it: «1930 г.», «1922–1925 гг.», «XX в.», «144 с.»,
            «5 т.», «600 тыс.», «50 %», «12 км»;
         4. before a dash, which never opens a line. -->
  <xsl:function name="pe:nbsp" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:param name="after" as="xs:string"/>
    <xsl:variable name="all" select="$before || $s || $after"/>
    <xsl:variable name="done" select="
        let $t := $all,
            $t := if (contains($t, '. '))
                  then replace(replace($t, '((?:^|[^\p{L}\p{N}])\p{Lu}\.)( )()', '$1&#160;$3'),
                               '((?:^|[^\p{L}\p{N}])\p{Lu}\.)( )()', '$1&#160;$3') else $t,
            $t := if (contains($t, '№') or contains($t, '§')) then replace($t, '([№§])( )()', '$1&#160;$3') else $t,
            $t := if (matches($t, '[\dIVXLC] '))
                  then replace(replace($t, '([\dIVXLC])( )((?:гг?|вв?|с|тт?|стр|л|руб|коп|тыс|млн|млрд|чел|км|м|см|мм|кг|га|ц|%)(?:[^\p{L}]|$))', '$1&#160;$3'),
                               '([\dIVXLC])( )((?:гг?|вв?|с|тт?|стр|л|руб|коп|тыс|млн|млрд|чел|км|м|см|мм|кг|га|ц|%)(?:[^\p{L}]|$))', '$1&#160;$3') else $t,
            $t := if (contains($t, ' —') or contains($t, ' –')) then replace($t, '(\S)( )([—–](?:\s|$))', '$1&#160;$3') else $t
        return $t"/>
    <xsl:sequence select="substring($done, string-length($before) + 1, string-length($s))"/>
  </xsl:function>

  <!-- A TEI text node as Typst markup: non-breaking spaces, then escaping. The context of the
       rules is the neighbouring sibling (<date>1930</date> г.), unless that is a note, a
       figure or a break, whose text is not beside this one on the page. -->
  <xsl:function name="pe:text" as="xs:string">
    <xsl:param name="n" as="text()"/>
    <xsl:variable name="prev" select="$n/preceding-sibling::node()[1][not(self::tei:note | self::tei:figure | self::tei:lb)]"/>
    <xsl:variable name="next" select="$n/following-sibling::node()[1][not(self::tei:note | self::tei:figure | self::tei:lb)]"/>
    <xsl:variable name="p" select="pe:ws(string($prev))"/>
    <xsl:sequence select="pe:esc(pe:nbsp(pe:ws($n), substring($p, string-length($p) - 2), substring(pe:ws(string($next)), 1, 3)))"/>
  </xsl:function>

  <!-- A string that is not TEI text (a register entry's name, a label): escaped, as markup. -->
  <xsl:function name="pe:string" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="pe:esc(pe:nbsp(pe:ws($s), '', ''))"/>
  </xsl:function>

  <!-- A Typst content block holding a string: [escaped]. -->
  <xsl:function name="pe:content" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="'[' || pe:string($s) || ']'"/>
  </xsl:function>

  <!-- An identifier written into a Typst string literal ("..."): an XML name (xml:id values are
       NCNames, which hold no quote and no backslash) or, if it is not one, $fallback. -->
  <xsl:function name="pe:key" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="if (matches(string($s), '^[\i-[:]][\c-[:]]*$')) then string($s) else $fallback"/>
  </xsl:function>

  <!-- ============================================================ helpers -->

  <!-- The edition's language (TEI root's xml:lang, else langUsage), a plain language code for
       the Typst source: this overrides the $lang parameter of xslt/html/params.xsl, so the
       labels ($label) are the ones of this language too. -->
  <xsl:variable name="lang" as="xs:string"
      select="let $l := lower-case(substring-before(string((/tei:TEI/@xml:lang, /tei:TEI/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident, 'ru')[1]) || '-', '-'))
              return if (matches($l, '^[a-z]{2,3}$')) then $l else 'ru'"/>
</xsl:stylesheet>
