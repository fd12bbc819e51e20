"""The curated agency list of the demo regions (issue 18, agencies as master data): for each demo regency/city
and province, its local government and the main agencies (perangkat daerah) under it, with their acronyms and
e-mail domains. Loaded by `manage.py seed_demo` (`agency_list_load`), idempotent: an agency is found again by its
name in its region, and only what it lacks (acronym, parent, e-mail domains) is filled in, so that nothing an office
corrected is overwritten and a second run adds nothing.

The names follow the demo agencies of romantik.seed_data (e.g. "Dinas Kesehatan Kabupaten Kotawaringin Timur"),
which are the same rows: their users keep working."""

from auditlog.context import disable_auditlog
from django.db import transaction

from .enums import AgencyLevel, RegionLevel
from .models import Agency, Region

# The demo local governments: region code -> the domain of its e-mail addresses.
LOCAL_GOVERNMENTS = {
    "62": "kaltengprov.go.id",
    "6202": "kotimkab.go.id",
    "61": "kalbarprov.go.id",
    "6111": "kayongutarakab.go.id",
    "63": "kalselprov.go.id",
    "6302": "kotabarukab.go.id",
    "6371": "banjarmasinkota.go.id",
    "33": "jatengprov.go.id",
    "3304": "banjarnegarakab.go.id",
}

# (name before the region's name, acronym, subdomain of the local government's domain)
PERANGKAT_DAERAH = [
    ("Sekretariat Daerah", "SETDA", "setda"),
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA", "bappeda"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "bpkad"),
    ("Dinas Kesehatan", "DINKES", "dinkes"),
    ("Dinas Pendidikan", "DISDIK", "disdik"),
    ("Dinas Pertanian", "DISTAN", "distan"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL", "disdukcapil"),
    ("Dinas Komunikasi dan Informatika", "DISKOMINFO", "diskominfo"),
    ("Dinas Sosial", "DINSOS", "dinsos"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "dpupr"),
    ("Dinas Tenaga Kerja", "DISNAKER", "disnaker"),
    ("Dinas Lingkungan Hidup", "DLH", "dlh"),
]

# Where a local government names an agency otherwise (the demo agency of Banjarmasin is its Diskominfotik).
OWN_NAMES = {
    ("6371", "DISKOMINFO"): ("Dinas Komunikasi, Informatika, Statistik dan Persandian", "DISKOMINFOTIK"),
}


def agency_list() -> list[dict]:
    """Every agency of the demo list, the local governments first (the others name them as their parent)."""
    regions = {r.code: r for r in Region.objects.filter(code__in=LOCAL_GOVERNMENTS)}
    governments, agencies = [], []
    for code, domain in LOCAL_GOVERNMENTS.items():
        region = regions.get(code)
        if region is None:
            continue
        province = region.level == RegionLevel.PROVINCE
        level = AgencyLevel.PROVINCE if province else AgencyLevel.REGENCY
        place = f"Provinsi {region.display_name}" if province else region.display_name
        short = region.display_name.replace("Kabupaten ", "").replace("Kota ", "")
        kind = "PEMPROV" if province else ("PEMKOT" if region.name.startswith("KOTA ") else "PEMKAB")
        government = f"Pemerintah {place}"
        governments.append(
            {
                "name": government,
                "acronym": f"{kind} {short.upper()}"[:30],
                "level": level,
                "region": region,
                "parent": None,
                "email_domains": [domain],
            }
        )
        for name, acronym, sub in PERANGKAT_DAERAH:
            name, acronym = OWN_NAMES.get((code, acronym), (name, acronym))
            agencies.append(
                {
                    "name": f"{name} {place}",
                    "acronym": acronym,
                    "level": level,
                    "region": region,
                    "parent": government,
                    "email_domains": [f"{sub}.{domain}"],
                }
            )
    return governments + agencies


@transaction.atomic
def agency_list_load() -> int:
    """Load the demo list; answers how many agencies were added. The seed is the list's starting point, not a
    change someone made: it is not written to the offices' history."""
    added = 0
    with disable_auditlog():
        for spec in agency_list():
            parent = None
            if spec["parent"]:
                parent = Agency.objects.filter(name__iexact=spec["parent"], region=spec["region"]).first()
            agency = Agency.objects.filter(name__iexact=spec["name"], region=spec["region"]).first()
            if agency is None:
                Agency.objects.create(
                    name=spec["name"],
                    acronym=spec["acronym"],
                    level=spec["level"],
                    region=spec["region"],
                    parent=parent,
                    email_domains=spec["email_domains"],
                    verified=True,
                )
                added += 1
                continue
            changed = []
            if not agency.acronym:
                agency.acronym = spec["acronym"]
                changed.append("acronym")
            if agency.parent_id is None and parent is not None and parent.pk != agency.pk:
                agency.parent = parent
                changed.append("parent")
            if not agency.email_domains:
                agency.email_domains = spec["email_domains"]
                changed.append("email_domains")
            if changed:
                agency.save(update_fields=changed)
    return added
