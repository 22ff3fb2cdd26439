"""The who-spoke-about-whom graph read from the stored queries, its focus options and
its analytics."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import InputError
from kg.network.analysis import Focus, analyse, read_network
from kg.store.embedded import Store
from viz_support import empty_store, injection_store, sample_store, small_store, spoke_about_rows  # noqa: F401

ANN, BOB, DANA = ("https://w3id.org/kg/id/person/Ann_Speaker", "https://w3id.org/kg/id/person/Bob_Detained",
                  "https://w3id.org/kg/id/person/Dana_Lawyer")
RIGHTS = "https://w3id.org/kg/id/organization/Rights_Watchers"


def network(path, **options):
    with Store(path, read_only=True) as store:
        return read_network(store, Focus.from_options(**options))


def edge_rows(graph) -> set[tuple[str, str, int]]:
    return {(graph.nodes[u]["label"], graph.nodes[v]["label"], d["quotes"]) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("store", ["small_store", "sample_store", "injection_store"])
def test_the_graph_has_exactly_the_edges_of_the_stored_query(store, request):
    path = request.getfixturevalue(store)
    assert edge_rows(network(path)) == spoke_about_rows(path)


def test_small_graph_nodes_and_edges(small_store):
    g = network(small_store)
    assert g.number_of_nodes() == 6 and g.number_of_edges() == 6
    assert g[ANN][BOB]["quotes"] == 3
    assert [q.date for q in g[ANN][BOB]["items"]] == ["2018-01-10", "2018-03-05", "2019-05-01"]
    assert (g[ANN][BOB]["first"], g[ANN][BOB]["last"]) == ("2018-01-10", "2019-05-01")
    bob = g.nodes[BOB]
    assert bob["type"] == "person" and bob["quoted"] == 5 and bob["spoke"] == 0
    assert bob["aliases"] == ["Bob"]
    ann = g.nodes[ANN]
    assert ann["organizations"] == ["Rights Watchers"] and ann["titles"] == ["Director"]
    assert ann["spoke"] == 3  # three quotes about others; the one about herself is no edge
    assert g.nodes[RIGHTS]["type"] == "organization"
    assert not g.has_edge(ANN, ANN)
    quote = g[ANN][BOB]["items"][0]
    assert quote.text == "Bob Detained must be released from Chechnya."
    assert quote.statement.startswith("https://w3id.org/kg/id/statement/") and quote.source == "small-a.txt"


def test_places_and_unnamed_speakers_are_not_edges(small_store):
    labels = {d["label"] for _, d in network(small_store).nodes(data=True)}
    assert "Chechnya" not in labels
    assert labels == {"Ann Speaker", "Bob Detained", "City Court", "Carl Officer", "Dana Lawyer", "Rights Watchers"}


def test_since_and_until_filter_in_sparql(small_store):
    g = network(small_store, since="2018-02-01", until="2018-12-31")
    assert edge_rows(g) == {("Ann Speaker", "Bob Detained", 1), ("Ann Speaker", "City Court", 1),
                            ("Carl Officer", "Bob Detained", 1)}
    assert network(small_store, since="2019-05-01").number_of_edges() == 3
    assert network(small_store, until="2017-12-31").number_of_nodes() == 0


def test_min_quotes_keeps_strong_links(small_store):
    assert edge_rows(network(small_store, min_quotes="2")) == {("Ann Speaker", "Bob Detained", 3)}
    assert network(small_store, min_quotes="4").number_of_nodes() == 0


@pytest.mark.parametrize("name", ["Dana Lawyer", "dana  lawyer", f"<{DANA}>"])
def test_person_keeps_a_neighbourhood(small_store, name):
    g = network(small_store, person=name)
    assert edge_rows(g) == {("Rights Watchers", "Dana Lawyer", 1), ("Ann Speaker", "Dana Lawyer", 1),
                            ("Dana Lawyer", "Bob Detained", 1)}
    assert g.nodes[DANA]["focus"] is True


def test_person_by_alias(small_store):
    assert network(small_store, person="Bob").number_of_edges() == 3


def test_unknown_person_suggests_close_names(small_store):
    with pytest.raises(InputError, match=r"--person: no one named 'Dana Lawyr'.*did you mean: Dana Lawyer"):
        network(small_store, person="Dana Lawyr")


def test_organization_keeps_its_members_and_itself(small_store):
    g = network(small_store, organization="rights watchers")
    assert edge_rows(g) == {("Ann Speaker", "Bob Detained", 3), ("Ann Speaker", "City Court", 1),
                            ("Ann Speaker", "Dana Lawyer", 1), ("Rights Watchers", "Dana Lawyer", 1)}
    assert edge_rows(network(small_store, organization="Police Department")) == {("Carl Officer", "Bob Detained", 1)}


def test_unknown_organization_is_an_input_error(small_store):
    with pytest.raises(InputError, match="--organization: no organization named 'Police Dept'.*Police Department"):
        network(small_store, organization="Police Dept")


def test_options_combine(small_store):
    g = network(small_store, organization="Rights Watchers", since="2019-01-01", person="Dana Lawyer")
    assert edge_rows(g) == {("Ann Speaker", "Dana Lawyer", 1), ("Rights Watchers", "Dana Lawyer", 1)}


@pytest.mark.parametrize("options, message", [
    ({"since": "2018-13-01"}, "--since: expected a date as YYYY-MM-DD, got '2018-13-01'"),
    ({"until": "yesterday"}, "--until: expected a date as YYYY-MM-DD"),
    ({"since": "2019-01-01", "until": "2018-01-01"}, "--since 2019-01-01 is after --until 2018-01-01"),
    ({"min_quotes": "two"}, "--min-quotes: expected a whole number, got 'two'"),
    ({"min_quotes": "0"}, "--min-quotes: expected 1 or more, got 0"),
    ({"person": "  "}, "--person: expected a name"),
    ({"organization": ""}, "--organization: expected a name"),
])
def test_bad_focus_options(options, message):
    with pytest.raises(InputError) as e:
        Focus.from_options(**options)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_focus_description():
    focus = Focus.from_options(person="Bob", since="2018-01-01", min_quotes="2", organization="X")
    assert focus.since == dt.date(2018, 1, 1)
    assert focus.describe() == "around Bob; speakers from X; 2018-01-01 to …; edges with 2+ quotes"
    assert Focus().describe() == ""


def test_empty_store_gives_an_empty_graph(empty_store):
    g = network(empty_store)
    assert g.number_of_nodes() == 0
    result = analyse(g)
    assert (result.nodes, result.edges, result.quotes, result.communities) == (0, 0, 0, [])
    with pytest.raises(InputError, match="the network is empty"):
        network(empty_store, person="Bob")


def test_analytics_on_the_small_graph(small_store):
    result = analyse(network(small_store))
    assert (result.nodes, result.edges, result.quotes) == (6, 6, 6)
    assert [(r.name, r.value, r.detail) for r in result.spoken_about] == [
        ("Bob Detained", 5, 3), ("Dana Lawyer", 2, 2), ("City Court", 1, 1)]
    assert [(r.name, r.value, r.detail) for r in result.speakers][:2] == [("Ann Speaker", 3, 3),
                                                                          ("Carl Officer", 1, 1)]
    assert result.brokers[0].name in ("Ann Speaker", "Bob Detained", "Dana Lawyer")
    assert all(0 < r.value <= 1 for r in result.brokers)
    members = sorted(m for c in result.communities for m in c)
    assert len(members) == 6 and len(set(members)) == 6
    data = result.to_json()
    assert data["spoken_about"][0] == {"iri": BOB, "name": "Bob Detained", "type": "person", "quotes": 5,
                                       "speakers": 3}
    assert set(data["speakers"][0]) == {"iri", "name", "type", "subjects", "quotes"}
    assert data["communities"][0]["size"] == len(data["communities"][0]["members"])


def test_analytics_on_the_sample(sample_store):
    result = analyse(network(sample_store), top=3)
    assert result.spoken_about[0].name == "Oyub Titiev" and result.spoken_about[0].value == 2
    assert [r.name for r in result.speakers[:2]] == ["Denis Krivosheev", "Marie Struthers"]
    assert result.brokers[0].name == "Denis Krivosheev"
    assert len(result.spoken_about) == 3
    assert len(result.communities) == 8  # top cuts the rankings, not the communities


def test_analytics_are_stable(sample_store):
    assert analyse(network(sample_store)).to_json() == analyse(network(sample_store)).to_json()


def test_narrowed_graphs_keep_a_stable_order(sample_store):
    import os
    import subprocess
    import sys

    code = ("import sys; from kg.store.embedded import Store; from kg.network.analysis import Focus, read_network\n"
            "with Store(sys.argv[1], read_only=True) as s:\n"
            "    g = read_network(s, Focus.from_options(person='Oyub Titiev'))\n"
            "print(list(g.nodes), list(g.edges))")
    runs = {subprocess.run([sys.executable, "-c", code, str(sample_store)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3", "4")}
    assert len(runs) == 1 and "Oyub" in runs.pop()


def test_summary_speaks_in_the_singular_where_one():
    from kg.network.analysis import summary

    assert summary(25, 18, 10) == "25 people and organizations, 18 links, 10 quotes"
    assert summary(1, 1, 1) == "1 person or organization, 1 link, 1 quote"
    assert summary(0, 0) == "0 people and organizations, 0 links"
