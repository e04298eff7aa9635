<?xml version="1.0" encoding="UTF-8"?>
<!--
  params.xsl: every parameter and label of the HTML reading edition, in one file (as in the
  TEIC Stylesheets). Python (tei_edition.render_html) sets the parameters; a plain XSLT 3.0
  processor can set them on its command line. The print edition may import html.xsl and
  override any of these.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The corpus registers (a TEI document whose standOff holds listPerson/listPlace/listOrg),
       as a document node; empty when the edition has none (register pages are then built from
       the mentions). Mentions may also point into the text's own standOff (@ref="#id"). -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!-- registers.xsl only: URIs of the TEI texts whose mentions the register pages list,
       separated by spaces (file URIs percent-encode their spaces). -->
  <xsl:param name="texts" as="xs:string" select="''"/>

  <!-- Relative path from a text's pages to the site root (texts live in one folder each). -->
  <xsl:param name="root" as="xs:string" select="'../'"/>

  <!-- Depth of the contents sidebar: 1 = chapters only, 2 = chapters and sections, ... -->
  <xsl:param name="toc-depth" as="xs:integer" select="2"/>

  <!-- Characters of context on each side of a mention in the registers. -->
  <xsl:param name="snippet-chars" as="xs:integer" select="70"/>

  <!-- The register page of each entity type, relative to the site root. -->
  <xsl:variable name="register-file" as="map(xs:string, xs:string)"
      select="map{'person': 'persons.html', 'place': 'places.html', 'org': 'orgs.html'}"/>

  <xsl:variable name="kind-of" as="map(xs:string, xs:string)"
      select="map{'persName': 'person', 'placeName': 'place', 'orgName': 'org',
                  'person': 'person', 'place': 'place', 'org': 'org'}"/>

  <!-- Labels: the edition speaks Russian. -->
  <xsl:variable name="label" as="map(xs:string, xs:string)" select="map{
      'title-page': 'Титульный лист',
      'about': 'Об этом издании',
      'contents': 'Содержание',
      'notes': 'Примечания',
      'note': 'Примечание',
      'back-to-text': 'Вернуться к тексту',
      'permalink': 'Постоянная ссылка',
      'page': 'с.',
      'page-long': 'Страница источника',
      'page-inferred': 'номер страницы восстановлен',
      'page-system': 'по изданию-источнику',
      'pages': 'Страницы источника',
      'photo-absent': 'Фотография в источнике отсутствует',
      'credit': 'Фото: ',
      'register-person': 'Лица',
      'register-place': 'Места',
      'register-org': 'Организации',
      'register-title-person': 'Указатель лиц',
      'register-title-place': 'Указатель мест',
      'register-title-org': 'Указатель организаций',
      'variants': 'Варианты написания',
      'forms': 'Формы в текстах',
      'mentions': 'Упоминания',
      'wikidata': 'Викиданные',
      'coordinates': 'Координаты',
      'source': 'Источник',
      'editorial': 'Редакционные принципы',
      'encoding': 'Кодирование',
      'revisions': 'История изменений',
      'classification': 'Классификация',
      'extent': 'Объём',
      'availability': 'Условия использования',
      'author': 'Автор',
      'title': 'Заглавие',
      'subtitle': 'Подзаголовок',
      'place': 'Место издания',
      'publisher': 'Издательство',
      'date': 'Год',
      'genre': 'Жанр',
      'subject': 'Тема',
      'record': 'Библиографическая запись',
      'isbn': 'ISBN',
      'udc': 'УДК',
      'bbk': 'ББК',
      'language': 'Язык',
      'software': 'Программа',
      'normalization': 'Нормализация',
      'hyphenation': 'Переносы',
      'interpretation': 'Интерпретация',
      'correction': 'Исправления',
      'quotation': 'Кавычки',
      'segmentation': 'Членение',
      'stdVals': 'Стандартные значения',
      'sourcefile': 'Исходный файл',
      'date-normalized': 'Нормализованная дата: ',
      'epigraph': 'Эпиграф',
      'unit-body': 'Текст'
  }"/>

</xsl:stylesheet>
