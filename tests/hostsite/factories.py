"""Test data builders for the host's tests."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff who may use the admin but is not a superuser."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.cn")
    is_staff = True
