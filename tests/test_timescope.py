"""Time references resolved against the publication date."""
import pytest

from claims.timescope import resolve

CASES = [
    ("The army took the town on Wednesday.", "2013-06-05", "2013-06-05", "2013-06-05"),
    ("Talks took place Tuesday night.", "2013-06-05", "2013-06-04", "2013-06-04"),
    ("The offensive was launched on May 19.", "2013-06-05", "2013-05-19", "2013-05-19"),
    ("On May 19th, forces stormed the town.", "2013-06-05", "2013-05-19", "2013-05-19"),
    ("The offensive began in early May 2013.", "2013-06-06", "2013-05-01", "2013-05-10"),
    ("By mid-March, they launched an offensive.", "2013-06-06", "2013-03-11", "2013-03-20"),
    ("But by October 2012, it had become clear.", "2013-06-06", "2012-10-01", "2012-10-31"),
    ("By the end of March, forces were in danger.", "2013-06-06", "2013-03-21", "2013-03-31"),
    ("Residents have waited 11 years to return.", "2024-12-10", "2013-12-13", "2024-12-10"),
    ("Lebanon endured a civil war in the 1970s.", "2013-06-05", "1970-01-01", "1979-12-31"),
    ("The plant closed last week.", "2020-03-11", "2020-02-27", "2020-03-04"),
    ("The match was played on 3 June 2012.", "2013-06-05", "2012-06-03", "2012-06-03"),
    ("The vote is set for 2021-11-02.", "2021-10-01", "2021-11-02", "2021-11-02"),
]


@pytest.mark.parametrize("text,published,start,end", CASES)
def test_resolve(text, published, start, end):
    scope = resolve(text, published)
    assert (scope.start, scope.end) == (start, end)
    assert scope.text and scope.text != "publication date"


@pytest.mark.parametrize("text", ["A five-year deal was signed.", "Shares May rise.", "No date here at all."])
def test_no_reference_inherits_publication_window(text):
    scope = resolve(text, "2013-06")
    assert (scope.start, scope.end, scope.text) == ("2013-06-01", "2013-06-30", "publication date")


def test_no_publication_date_gives_empty_scope():
    assert resolve("on Wednesday", None).start == ""
