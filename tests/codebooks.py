"""Small codebooks the tests write to disk."""

#: One theme, "trams", found by the word "tram": a campaign's own codebook in the campaign tests.
TRAMS = """[codebook]
name = "Valencia work"
version = "v-2027"
[[group]]
id = "service-area"
label = "Service area"
[[theme]]
id = "trams"
group = "service-area"
label = "Trams"
[theme.patterns]
en = ["tram"]
"""
