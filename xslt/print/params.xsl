<?xml version="1.0" encoding="UTF-8"?>
<!--
  params.xsl: every parameter, label and typographic table of the print edition, in one file
  (as in the TEIC Stylesheets). Python (tei_edition.render_pdf) sets the parameters; everything
  else in xslt/print/ reads them from here.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The registers file (a TEI document whose standOff holds listPerson/listPlace/listOrg),
       as a document node; empty when the edition has none. Mentions may also point into the
       text's own standOff (@ref="#id"). -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!-- The images the edition has, <images><image url="..." file="img-1.png"/></images>: the
       graphic/@url of the TEI and the file render_pdf copied beside the Typst source. A figure
       whose graphic is not listed says that its illustration is not reproduced. -->
  <xsl:param name="images" as="document-node()?" select="()"/>

  <!-- Paper: A5, B5 or A4 (templates/print/edition.typ holds the geometry of each). -->
  <xsl:param name="page-size" as="xs:string" select="'A5'"/>

  <!-- Where a top-level division with a heading (chapter, introduction, ...) starts: "right"
       (a new right-hand page), "page" (any new page) or "none". -->
  <xsl:param name="chapter-break" as="xs:string" select="'right'"/>

  <!-- Depth of the contents: 1 = chapters only, 2 = chapters and sections, ... -->
  <xsl:param name="toc-depth" as="xs:integer" select="2"/>

  <!-- Notes (their keys, space-separated) whose paragraphs are set without widow and orphan
       control, and "all" for the whole book: render_pdf's remedy for a note that the first
       compile did not set on the page of its call (edition.typ, ed-check-notes). -->
  <xsl:param name="loose-notes" as="xs:string" select="''"/>

  <!-- true when render_pdf has a fixed creation date (SOURCE_DATE_EPOCH) for the PDF; without
       one the PDF carries no date at all, so that the same input gives the same bytes. -->
  <xsl:param name="dated" as="xs:boolean" select="false()"/>

  <!-- Labels, by the language of the edition (the TEI root's xml:lang); English for others. -->
  <xsl:variable name="labels" as="map(xs:string, map(xs:string, xs:string))" select="map{
    'ru': map{
      'contents': 'Содержание',
      'about': 'Об этом издании',
      'indexes': 'Указатели',
      'index-person': 'Именной указатель',
      'index-place': 'Географический указатель',
      'index-org': 'Указатель организаций',
      'not-reproduced': 'Иллюстрация в этом издании не воспроизводится',
      'credit': 'Фото: ',
      'source': 'Источник',
      'source-record': 'Библиографическая запись источника',
      'udc': 'УДК',
      'bbk': 'ББК',
      'isbn': 'ISBN',
      'about-text': 'Это издание набрано программой tei-edition из TEI-разметки источника. Текст источника воспроизводится полностью, с его орфографией и пунктуацией; переносы строк, колонтитулы и разбиение на страницы источника не сохраняются.',
      'about-pages': 'Номера страниц источника стоят на полях в квадратных скобках, например [14], на уровне строки, с которой начинается страница источника; по ним можно ссылаться на источник.',
      'about-notes-kept': 'Подстрочные примечания сохраняют нумерацию источника и стоят на той же странице, что и знак сноски.',
      'about-notes-renumbered': 'В источнике примечания нумеруются заново на каждой странице; в этом издании они пронумерованы подряд по всему тексту и стоят на той же странице, что и знак сноски.',
      'about-figures': 'Где иллюстрация источника в этом издании не воспроизводится, это сказано на её месте; подпись к ней сохранена.',
      'about-index': 'Указатели имён, географических названий и организаций составлены по разметке; номера страниц в них относятся к этому изданию.',
      'about-front': 'Титульный лист и оглавление источника заменены титульным листом и оглавлением этого издания; классификационные индексы и ISBN относятся к источнику.',
      'made-with': 'Подготовлено программой '
    },
    'en': map{
      'contents': 'Contents',
      'about': 'About this edition',
      'indexes': 'Indexes',
      'index-person': 'Index of persons',
      'index-place': 'Index of places',
      'index-org': 'Index of organisations',
      'not-reproduced': 'The illustration is not reproduced in this edition',
      'credit': 'Photo: ',
      'source': 'Source',
      'source-record': 'Bibliographic record of the source',
      'udc': 'UDC',
      'bbk': 'BBK',
      'isbn': 'ISBN',
      'about-text': 'This edition was typeset by tei-edition from the TEI encoding of the source. The text of the source is reproduced in full, with its spelling and punctuation; its line breaks, running heads and page layout are not kept.',
      'about-pages': 'The page numbers of the source stand in the margin in square brackets, such as [14], level with the line where the source page begins; cite the source by them.',
      'about-notes-kept': 'Footnotes keep the numbers of the source and stand on the page of their call.',
      'about-notes-renumbered': 'The source numbers its footnotes afresh on every page; this edition numbers them through the whole text, and each stands on the page of its call.',
      'about-figures': 'Where an illustration of the source is not reproduced in this edition, its place says so; its caption is kept.',
      'about-index': 'The indexes of persons, places and organisations are made from the encoding; their page numbers are those of this edition.',
      'about-front': 'The title page and the contents of the source are replaced by those of this edition; the classification codes and the ISBN are those of the source.',
      'made-with': 'Prepared with '
    }
  }"/>
</xsl:stylesheet>
