"""The dashboard's map page, in parts; ``app.py`` puts them together and adds the navigation.

- :mod:`dashboard.loading`: the build folder, the cached build, an article's text;
- :mod:`dashboard.choices`: what the filters offer for a build (pure);
- :mod:`dashboard.state`: widget keys, and the filters between the URL and the widgets;
- :mod:`dashboard.sidebar`: the filter widgets, returning a :class:`~pipeline.view.filters.FilterSpec`;
- :mod:`dashboard.map_page`: the counts, the map and its details column, messages;
- :mod:`dashboard.details`: the selected leg or place with its citations;
- :mod:`dashboard.quotes` and :mod:`dashboard.markup`: a quote in its paragraph, escaped HTML (pure);
- :mod:`dashboard.tables`: the legs and places tables;
- :mod:`dashboard.downloads`: the export buttons.

Everything shown that comes from an article is escaped: plain-text widgets,
or :func:`html.escape` before any HTML built here.
"""
