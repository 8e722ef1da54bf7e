from django import template

from roadmaps.charts import percent as percent_text

register = template.Library()


@register.filter
def percent(value):
    """A progress figure as the charts write it: "40%", "33.3%", or "—" for none."""
    return percent_text(value)


@register.simple_tag
def indicator_chart(item):
    """The SVG chart of an indicator's values per country (roadmaps.charts)."""
    from roadmaps.charts import indicator_chart as chart

    return chart(item)
