"""Who may do what on the review screens (superusers may do everything)."""

VIEW = "forms_app.view_application"
VIEW_PERSONAL_DATA = "forms_app.view_personal_data"
REVIEW = "forms_app.review_application"


def can_view_personal_data(user) -> bool:
    return user.has_perm(VIEW_PERSONAL_DATA)


def can_review(user) -> bool:
    return user.has_perm(REVIEW)
