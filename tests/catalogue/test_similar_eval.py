"""Evaluation of duplicate detection (catalogue.similarity): a small catalogue and 8 described activities, with
29 labelled pairs (relevant / not relevant) of the kinds issue 17 found (a rice survey shown a child-nutrition
survey, a vehicle compilation and a tidak layak activity). precision@k counts every suggestion in the top k: one
labelled "not relevant" or not labelled at all counts against it. Recall over the labelled relevant pairs keeps
the evaluation honest (suggesting nothing would have no wrong suggestion). Both are printed (pytest -s).

The set was written with the scoring, so it checks the behaviour the issue asks for; it is no independent
benchmark of the catalogue's real data."""

import pytest

from catalogue.selectors import similar_activities
from catalogue.services import catalogue_entry_refresh
from romantik.models import Region
from submissions.enums import Sector
from submissions.states import State
from tests.factories import RegionFactory

from .conftest import make_issued

K = 3
PRECISION_AT_LEAST = 0.8
RECALL_AT_LEAST = 0.8

S = Sector
# key: (title, objective, sector, regency code, variables, decision)
CATALOGUE = {
    "padi_bna": (
        "Survei Ubinan Produktivitas Padi Kabupaten Banjarnegara 2026",
        "Mengukur produktivitas padi sawah per hektar",
        S.AGRICULTURE, "3304",
        ("Luas panen padi", "Produksi gabah kering panen", "Varietas padi"), State.FEASIBLE,
    ),
    "padi_kotim": (
        "Survei Luas Panen dan Produksi Padi Kabupaten Kotawaringin Timur",
        "Memperkirakan produksi padi setiap subround",
        S.AGRICULTURE, "6202",
        ("Luas panen", "Produksi padi", "Jenis lahan"), State.FEASIBLE,
    ),
    "gabah_harga": (
        "Survei Harga Produsen Gabah Kota Banjarmasin",
        "Memantau harga gabah di tingkat petani",
        S.PRICES, "6371",
        ("Harga gabah kering panen", "Kualitas gabah"), State.FEASIBLE,
    ),
    "gizi_bna": (
        "Survei Status Gizi Balita Kabupaten Banjarnegara 2026",
        "Memperoleh prevalensi stunting balita per kecamatan",
        S.HEALTH, "3304",
        ("Umur balita", "Tinggi badan", "Berat badan"), State.FEASIBLE,
    ),
    "gizi_sekolah": (
        "Pemantauan Gizi Anak Sekolah Kota Banjarmasin",
        "Mengukur status gizi anak sekolah dasar",
        S.HEALTH, "6371",
        ("Berat badan", "Tinggi badan", "Umur"), State.FEASIBLE,
    ),
    "kendaraan": (
        "Kompilasi Data Kendaraan Bermotor Kabupaten Banjarnegara",
        "Menyediakan data jumlah kendaraan bermotor menurut jenis",
        S.TRANSPORT, "3304",
        ("Jenis kendaraan", "Jumlah kendaraan", "Tahun pembuatan"), State.FEASIBLE,
    ),
    "internet": (
        "Survei Pemanfaatan Internet oleh Rumah Tangga Kota Banjarmasin",
        "Mengukur akses dan pemanfaatan internet rumah tangga",
        S.ICT, "6371",
        ("Akses internet", "Perangkat yang digunakan"), State.FEASIBLE,
    ),
    "kepuasan_pasien": (
        "Survei Kepuasan Pasien Puskesmas Kabupaten Kotawaringin Timur",
        "Mengukur kepuasan pasien terhadap pelayanan puskesmas",
        S.HEALTH, "6202",
        ("Umur", "Jenis kelamin", "Tingkat kepuasan"), State.FEASIBLE,
    ),
    "perikanan": (
        "Pendataan Produksi Perikanan Tangkap Kabupaten Kotawaringin Timur",
        "Mengetahui volume produksi ikan hasil tangkapan nelayan",
        S.AGRICULTURE, "6202",
        ("Jenis ikan", "Volume produksi", "Jumlah nelayan"), State.FEASIBLE,
    ),
    "tenaga_kerja": (
        "Survei Angkatan Kerja Daerah Kota Banjarmasin",
        "Mengukur tingkat pengangguran terbuka",
        S.LABOUR, "6371",
        ("Umur", "Jenis kelamin", "Status pekerjaan", "Jam kerja"), State.FEASIBLE,
    ),
    # The same subject as the rice survey, but recommended tidak layak: never an example to follow.
    "padi_tidak_layak": (
        "Survei Produktivitas Padi Sawah Kabupaten Banjarnegara 2025",
        "Mengukur produktivitas padi sawah",
        S.AGRICULTURE, "3304",
        ("Luas panen padi", "Produksi gabah kering panen"), State.NOT_FEASIBLE,
    ),
}  # fmt: skip

# key: (described activity, the relevant entries, the entries labelled not relevant)
QUERIES = {
    "rice": (
        {
            "title": "Survei Produktivitas Padi Kabupaten Banjarnegara 2027",
            "sector": S.AGRICULTURE, "regency": "3304",
            "variables": ["Luas panen", "Produksi gabah kering panen"],
        },
        {"padi_bna", "padi_kotim"},
        {"gabah_harga", "gizi_bna", "kendaraan", "perikanan"},
    ),
    "nutrition": (
        {
            "title": "Survei Gizi Balita Kabupaten Kotawaringin Timur",
            "sector": S.HEALTH, "regency": "6202",
            "variables": ["Tinggi badan", "Berat badan", "Umur balita"],
        },
        {"gizi_bna", "gizi_sekolah"},
        {"kepuasan_pasien", "padi_kotim", "tenaga_kerja"},
    ),
    "vehicles": (
        {
            "title": "Pendataan Kendaraan Bermotor Kota Banjarmasin",
            "sector": S.TRANSPORT, "regency": "6371",
            "variables": ["Jenis kendaraan", "Jumlah kendaraan"],
        },
        {"kendaraan"},
        {"internet", "gabah_harga"},
    ),
    "internet": (
        {
            "title": "Survei Penggunaan Internet Rumah Tangga Kabupaten Banjarnegara",
            "sector": S.ICT, "regency": "3304", "variables": ["Akses internet"],
        },
        {"internet"},
        {"kendaraan", "gizi_bna"},
    ),
    "fisheries": (
        {
            "title": "Survei Produksi Perikanan Tangkap Kota Banjarmasin",
            "sector": S.AGRICULTURE, "regency": "6371", "variables": ["Jenis ikan", "Volume produksi"],
        },
        {"perikanan"},
        {"padi_bna", "padi_kotim"},
    ),
    "labour": (
        {
            "title": "Survei Ketenagakerjaan Kabupaten Banjarnegara",
            "sector": S.LABOUR, "regency": "3304",
            "variables": ["Status pekerjaan", "Jam kerja", "Umur", "Jenis kelamin"],
        },
        {"tenaga_kerja"},
        {"kepuasan_pasien", "gizi_bna"},
    ),
    # Typing the title on the new-submission page: nothing else known yet.
    "rice_title_only": ({"title": "Produktivitas Padi"}, {"padi_bna", "padi_kotim"}, {"gizi_bna", "kendaraan"}),
    "patients": (
        {
            "title": "Survei Kepuasan Pasien Rumah Sakit Umum Daerah",
            "sector": S.HEALTH, "variables": ["Tingkat kepuasan", "Jenis layanan"],
        },
        {"kepuasan_pasien"},
        {"gizi_sekolah"},
    ),
}  # fmt: skip


@pytest.fixture
def labelled(world):
    central_java = RegionFactory(code="33", name="JAWA TENGAH")
    RegionFactory(code="3304", name="KABUPATEN BANJARNEGARA", level="kabkota", parent=central_java)
    entries = {}
    for key, (title, objective, sector, regency_code, variables, decision) in CATALOGUE.items():
        regency = Region.objects.get(code=regency_code)
        s = make_issued(
            world["agency"],
            title=title,
            objective=objective,
            sector=sector,
            decision=decision,
            variables=[(name, f"{name} (definisi)") for name in variables],
            coverage_regions=[regency],
            secrets=False,
        )
        s.organizer_province, s.organizer_regency = regency.parent, regency
        s.save()
        catalogue_entry_refresh(submission=s)
        entries[key] = s.pk
    return entries


def _described(query: dict) -> dict:
    regency = Region.objects.get(code=query["regency"]) if query.get("regency") else None
    return {
        "title": query["title"],
        "variables": query.get("variables", ()),
        "sector": query.get("sector"),
        "regency": regency.pk if regency else None,
        "province": regency.parent_id if regency else None,
    }


def test_precision_at_k_of_the_labelled_pairs(labelled, capsys):
    by_pk = {pk: key for key, pk in labelled.items()}
    assert sum(len(rel) + len(irr) for _q, rel, irr in QUERIES.values()) >= 20
    suggested = right = relevant_total = relevant_found = labelled_wrong = 0
    misses, wrong = [], []
    for name, (query, relevant, not_relevant) in QUERIES.items():
        found = [by_pk[s.pk] for s in similar_activities(**_described(query), limit=K)]
        assert "padi_tidak_layak" not in found  # never a tidak layak one as an example
        wrong += [(name, key) for key in found if key not in relevant]
        labelled_wrong += len(set(found) & not_relevant)
        suggested += len(found)
        right += len(set(found) & relevant)
        relevant_total += len(relevant)
        relevant_found += len(set(found) & relevant)
        misses += [(name, key) for key in relevant - set(found)]
    precision = right / suggested
    recall = relevant_found / relevant_total
    with capsys.disabled():
        print(
            f"\nsimilar activities: precision@{K} = {precision:.2f} ({right}/{suggested} suggestions relevant), "
            f"recall = {recall:.2f} ({relevant_found}/{relevant_total}); {labelled_wrong} pairs labelled not "
            f"relevant suggested; wrong: {wrong or 'none'}; "
            f"missed: {misses or 'none'}"
        )
    assert precision >= PRECISION_AT_LEAST
    assert recall >= RECALL_AT_LEAST
