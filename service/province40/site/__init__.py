"""The bilingual web pages' logic: page models built from the stored questions, the project chain
drawn as SVG, and a cache of what only changes with the data. No web framework here:
:mod:`province40.api.routes.pages` translates HTTP and renders the templates."""
