from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, view_name, *args):
    """The full address of a page on this site, as link previews need it (og:image)."""
    return context["request"].build_absolute_uri(reverse(view_name, args=args))


@register.simple_tag(takes_context=True)
def block_again(context, name):
    """What block `name` of this page renders, once more: a page's description, written
    once, serves as both `description` and `og:description`."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    return block.render(context) if block else ""
