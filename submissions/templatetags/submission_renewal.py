"""The renewal of a recurring activity on the agency's view of a submission (submissions/renewal.py): the button
"Perpanjang untuk periode berikutnya" on an issued layak recommendation its verified members may renew, the periods
it was renewed for, and on a renewal the recommendation it renews."""

from django import template

from ..renewal import renewal_refusal, renewals_of

register = template.Library()


@register.inclusion_tag("submissions/_renewal_offer.html", takes_context=True)
def renewal_offer(context, submission):
    user = context["request"].user
    can_renew = renewal_refusal(previous=submission, user=user) is None
    return {
        "submission": submission,
        "can_renew": can_renew,
        "renewals": list(renewals_of(submission)) if can_renew else [],
        "renews": submission.renews if submission.renews_id else None,
    }
