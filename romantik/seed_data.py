"""Demo offices with the service standards of the five seed documents (shared/seeds/).

Kept as data so the next engineer can compare it line by line with the published
standards. Offices without a seed document (BPS RI and the provinces) get the
common national standard.
"""

LAPOR = {"kind": "lapor", "label": "SP4N-LAPOR!", "value": "https://www.lapor.go.id"}
BPS_COMPLAINT_WEBSITE = "https://webapps.bps.go.id/pengaduan/"
FREE = "Tidak dipungut biaya"

COMMON_REQUIREMENTS = [
    "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral",
    "Pengguna layanan memiliki alamat email yang masih aktif untuk akun pada aplikasi Romantik",
    "Pengguna layanan mengisi formulir FS3, FP-KPA atau MS-Keg beserta surat pengantar",
]
COMMON_PROCEDURE = [
    "Pengguna layanan mengajukan rancangan kegiatan statistik secara online atau datang langsung ke PST",
    "Petugas memeriksa kelengkapan dan rancangan kegiatan statistik",
    "Jika perlu diperbaiki, petugas mengembalikan formulir dengan catatan kepada pengguna layanan",
    "Kepala BPS menandatangani surat rekomendasi secara elektronik",
    "Pengguna layanan mengunduh surat dan memberikan penilaian terhadap layanan",
]
COMMON_PRODUCTS = [
    "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan kegiatan statistik",
    "Surat rekomendasi kegiatan statistik",
]


def office_spec(code, name, level, region_code, parent, address, phone, email, website, place):
    return {
        "code": code,
        "name": name,
        "level": level,
        "region_code": region_code,
        "parent": parent,
        "address": address,
        "phone": phone,
        "email": email,
        "website": website,
        "sk_number": "",
        "requirements": COMMON_REQUIREMENTS,
        "procedure": COMMON_PROCEDURE,
        "service_time_amount": 30,
        "service_time_unit": "hari_kerja",
        "service_time_note": "",
        "cost": FREE,
        "products": COMMON_PRODUCTS,
        "complaint_channels": [
            {"kind": "langsung", "label": "Pengaduan langsung", "value": "Kotak saran & pengaduan pada unit PST"},
            {"kind": "website", "label": "Website pengaduan", "value": BPS_COMPLAINT_WEBSITE},
            {"kind": "email", "label": "E-mail", "value": email},
            LAPOR,
        ],
        "letter_code": f"{code}0" if level != "pusat" else "BPS",
        "letter_place": place,
    }


OFFICES = [
    office_spec(
        "0000",
        "Badan Pusat Statistik (BPS RI)",
        "pusat",
        None,
        None,
        "Jl. Dr. Sutomo 6-8, Jakarta 10710",
        "(021) 3841195",
        "bpshq@bps.go.id",
        "https://www.bps.go.id",
        "Jakarta",
    ),
    office_spec(
        "6100",
        "BPS Provinsi Kalimantan Barat",
        "provinsi",
        "61",
        "0000",
        "Jl. Sutan Syahrir No. 24, Pontianak 78116",
        "(0561) 735211",
        "bps6100@bps.go.id",
        "https://kalbar.bps.go.id",
        "Pontianak",
    ),
    office_spec(
        "6200",
        "BPS Provinsi Kalimantan Tengah",
        "provinsi",
        "62",
        "0000",
        "Jl. Kapten Piere Tendean No. 6, Palangka Raya 73112",
        "(0536) 3228105",
        "bps6200@bps.go.id",
        "https://kalteng.bps.go.id",
        "Palangka Raya",
    ),
    office_spec(
        "6300",
        "BPS Provinsi Kalimantan Selatan",
        "provinsi",
        "63",
        "0000",
        "Jl. Trikora No. 3, Banjarbaru 70713",
        "(0511) 4772095",
        "bps6300@bps.go.id",
        "https://kalsel.bps.go.id",
        "Banjarbaru",
    ),
    office_spec(
        "3300",
        "BPS Provinsi Jawa Tengah",
        "provinsi",
        "33",
        "0000",
        "Jl. Pahlawan No. 6, Semarang 50241",
        "(024) 8412802",
        "bps3300@bps.go.id",
        "https://jateng.bps.go.id",
        "Semarang",
    ),
    # Seed 000
    {
        "code": "6202",
        "letter_place": "Sampit",
        "name": "BPS Kabupaten Kotawaringin Timur",
        "level": "kabkota",
        "region_code": "6202",
        "parent": "6200",
        "address": "Jl. A.Yani No.5, Sampit, Kel. Mentawa Baru Hulu, Kec. Mentawa Baru Ketapang, "
        "Kab. Kotawaringin Timur, Prov. Kalimantan Tengah 74322",
        "phone": "0531 21221",
        "email": "ipds6202@bps.go.id",
        "website": "https://kotimkab.bps.go.id",
        "sk_number": "",
        "requirements": [
            "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral",
            "Pengguna layanan memiliki alamat email yang masih aktif untuk akun pada aplikasi Rekomendasi "
            "Kegiatan Statistik Romantik Online",
            "Pengguna layanan mengisi dokumen Formulir Pemberitahuan Survei Statistik Sektoral FPS3 dalam bentuk "
            "manual atau elektronik",
            "Layanan Offline: Pengguna layanan datang langsung ke unit Pelayanan Statistik Terpadu PST BPS Kabupaten",
            "Layanan Offline: Pengguna layanan mengisi buku tamu",
            "Layanan Online: Pengguna layanan mengakses dan memiliki akun pada aplikasi Romantik Online",
        ],
        "procedure": [
            "Pengguna layanan mengajukan rancangan kegiatan statistik baik secara online maupun offline",
            "Jika pengajuan secara offline maka operator BPS akan melakukan perekaman rancangan kegiatan statistik "
            "ke Romantik Online",
            "BPS memeriksa pengajuan rancangan kegiatan statistik melalui Romantik Online",
            "Jika rancangan kegiatan statistik dinyatakan layak BPS menerbitkan surat rekomendasi. Namun jika "
            "rancangan kegiatan statistik perlu diperbaiki maka BPS mengembalikan FS3 ke pengguna layanan",
        ],
        "service_time_amount": 15,
        "service_time_unit": "hari",
        "service_time_note": "Pengguna layanan akan menerima email notifikasi yang berisikan hasil pemeriksaan "
        "rancangan kegiatan statistik maksimal 15 hari sejak dokumen FS3 terekam lengkap di Romantik Online.",
        "cost": FREE,
        "products": ["Rekomendasi Kegiatan Statistik"],
        "complaint_channels": [
            {
                "kind": "langsung",
                "label": "Pengaduan datang langsung",
                "value": "Kotak saran dan pengaduan di PST BPS Kabupaten Kotawaringin Timur",
            },
            {"kind": "website", "label": "Website", "value": "https://kotimkab.bps.go.id"},
            {"kind": "whatsapp", "label": "SISUKA", "value": "0816666202"},
            {"kind": "email", "label": "E-mail", "value": "ipds6202@bps.go.id"},
            {
                "kind": "medsos",
                "label": "Media sosial",
                "value": "Facebook dan Instagram BPS Kabupaten Kotawaringin Timur",
            },
            LAPOR,
        ],
        "letter_code": "62020",
    },
    # Seed 001
    {
        "code": "6371",
        "letter_place": "Banjarmasin",
        "name": "BPS Kota Banjarmasin",
        "level": "kabkota",
        "region_code": "6371",
        "parent": "6300",
        "address": "Jalan Gatot Subroto No. 5, Banjarmasin 70235",
        "phone": "0511 6773031",
        "email": "bps6371@bps.go.id",
        "website": "https://banjarmasinkota.bps.go.id",
        "sk_number": "019/KPA/2024 Tahun 2024",
        "requirements": [
            "Pengguna layanan berkunjung ke Unit Pelayanan Statistik Terpadu (PST) BPS Kota Banjarmasin",
            "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral",
            "Pengguna layanan memiliki alamat email yang masih aktif",
            "Pengguna layanan mengisi buku tamu elektronik",
            "Pengguna layanan menyampaikan kelengkapan pengajuan rekomendasi statistik (surat pengantar dan "
            "Formulir Pemberitahuan Survei Statistik Sektoral (FS3)/ Formulir Pemberitahuan Kompilasi Produk "
            "Administrasi (FP-KPA))",
        ],
        "procedure": [
            "Pengguna layanan datang langsung ke unit PST BPS Kota Banjarmasin",
            "Pengguna layanan mengisi buku tamu dan mengantri",
            "Pengguna layanan menyampaikan permintaan layanan rekomendasi kegiatan statistik kepada petugas",
            "Petugas membantu pengguna layanan membuat akun rekomendasi (apabila belum mempunyai akun)",
            "Petugas melakukan perekaman formulir tersebut pada aplikasi pelayanan dengan akun milik pengguna layanan",
            "Petugas melakukan pemeriksaan dan verifikasi formulir hasil perekaman kepada pengguna layanan. Jika "
            "rancangan kegiatan statistik perlu diperbaiki, petugas mengembalikan FS3/FP-KPA kepada pengguna layanan",
            "Kepala BPS Kota Banjarmasin menerbitkan surat rekomendasi kelayakan kegiatan statistik untuk dilaksanakan",
            "Petugas mengirimkan surat rekomendasi kegiatan statistik kepada pengguna layanan",
            "Pengguna layanan memberikan penilaian/rating/pengaduan terhadap kualitas pelayanan rekomendasi "
            "kegiatan statistik",
            "Pengguna layanan selesai mengakses layanan rekomendasi kegiatan statistik",
        ],
        "service_time_amount": 30,
        "service_time_unit": "hari_kerja",
        "service_time_note": "Pengguna layanan akan menerima informasi hasil pemeriksaan FS3/FP-KPA maksimal 30 "
        "(tiga puluh) hari kerja sejak dokumen formulir tersebut terekam lengkap di aplikasi pelayanan.",
        "cost": FREE,
        "products": [
            "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan kegiatan statistik "
            "serta surat rekomendasi kegiatan statistik",
        ],
        "complaint_channels": [
            {
                "kind": "langsung",
                "label": "Pengaduan langsung",
                "value": "Kotak saran & pengaduan pada unit PST BPS Kota Banjarmasin",
            },
            {"kind": "website", "label": "Website pengaduan", "value": BPS_COMPLAINT_WEBSITE},
            {"kind": "email", "label": "E-mail", "value": "bps6371@bps.go.id"},
            {"kind": "email", "label": "E-mail", "value": "bps6371@gmail.com"},
            {"kind": "whatsapp", "label": "WhatsApp Layanan Statistik Terpadu", "value": "0812-1010-6371"},
            {"kind": "whatsapp", "label": "WhatsApp Layanan Pengaduan", "value": "0812-5050-6371"},
            LAPOR,
        ],
        "letter_code": "63710",
        "auto_verify_go_id": True,
    },
    # Seed 002
    {
        "code": "6302",
        "letter_place": "Kotabaru",
        "name": "BPS Kabupaten Kotabaru",
        "level": "kabkota",
        "region_code": "6302",
        "parent": "6300",
        "address": "Jalan Jamrud, Dirgahayu, Kec. Pulau Laut Utara, Kab. Kotabaru, Kalimantan Selatan 72113",
        "phone": "0856 1116 302",
        "email": "bps6302@bps.go.id",
        "website": "http://kotabarukab.bps.go.id",
        "sk_number": "Nomor 118 Tahun 2023",
        "requirements": [
            "Pengguna layanan berkunjung ke Unit Pelayanan Statistik Terpadu (PST) BPS Kabupaten Kotabaru",
            "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral",
            "Pengguna layanan memiliki alamat email yang masih aktif",
            "Pengguna layanan mengisi buku tamu elektronik",
            "Pengguna layanan menyampaikan kelengkapan pengajuan rekomendasi statistik (surat pengantar dan "
            "Formulir Pemberitahuan Survei Statistik Sektoral (FS3)/ Formulir Pemberitahuan Kompilasi Produk "
            "Administrasi (FP-KPA))",
            "Pengguna layanan memiliki akun pada aplikasi pelayanan",
            "Pengguna layanan mengajukan permintaan layanan rekomendasi statistik melalui aplikasi pelayanan",
        ],
        "procedure": [
            "Layanan langsung: pengguna layanan datang ke unit PST BPS Kabupaten Kotabaru",
            "Pengguna layanan menemui petugas frontline unit PST BPS Kabupaten Kotabaru",
            "Pengguna layanan mengisi buku tamu elektronik dan mengantri",
            "Pengguna layanan menyampaikan permintaan layanan rekomendasi kegiatan statistik kepada petugas",
            "Petugas membantu pengguna layanan membuat akun rekomendasi (apabila belum mempunyai akun)",
            "Petugas melakukan perekaman formulir tersebut pada aplikasi pelayanan dengan akun milik pengguna layanan",
            "Petugas melakukan pemeriksaan dan verifikasi formulir hasil perekaman kepada pengguna layanan. Jika "
            "rancangan kegiatan statistik perlu diperbaiki, petugas mengembalikan FS3/FP-KPA kepada pengguna layanan",
            "Kepala BPS Kabupaten Kotabaru menerbitkan surat rekomendasi kelayakan kegiatan statistik untuk dilaksanakan",
            "Petugas mengirimkan surat rekomendasi kegiatan statistik kepada pengguna layanan",
            "Pengguna layanan memberikan penilaian/rating/pengaduan terhadap kualitas pelayanan rekomendasi "
            "kegiatan statistik",
            "Pengguna layanan selesai mengakses layanan rekomendasi kegiatan statistik",
            "Layanan online: pengguna layanan mengakses layanan rekomendasi kegiatan statistik melalui aplikasi "
            "Romantik (Rekomendasi Statistik Online)",
            "Pengguna layanan mencari informasi tentang kegiatan statistik yang sudah mendapatkan rekomendasi BPS "
            "sebagai referensi bagi kegiatan statistik yang akan dilakukan",
            "Pengguna layanan mengisi/merekam formulir permintaan rekomendasi kegiatan statistik melalui aplikasi "
            "pelayanan",
            "Petugas melakukan pemeriksaan dan verifikasi formulir hasil perekaman. Jika layak, petugas menyusun "
            "surat rekomendasi. Jika perlu diperbaiki, petugas mengembalikan FS3/FP-KPA kepada pengguna layanan",
            "Petugas menyusun surat rekomendasi kelayakan kegiatan statistik untuk dilaksanakan",
            "Kepala BPS Kabupaten Kotabaru menerbitkan surat rekomendasi kelayakan kegiatan statistik untuk dilaksanakan",
            "Petugas mengirimkan surat rekomendasi kegiatan statistik kepada pengguna layanan",
            "Pengguna layanan memberikan penilaian/rating/pengaduan terhadap kualitas pelayanan rekomendasi "
            "kegiatan statistik",
            "Pengguna layanan selesai mengakses layanan rekomendasi kegiatan statistik",
        ],
        "service_time_amount": 30,
        "service_time_unit": "hari_kerja",
        "service_time_note": "Pengguna layanan akan menerima informasi hasil pemeriksaan FS3/FP-KPA maksimal 30 "
        "(tiga puluh) hari kerja sejak dokumen formulir tersebut terekam lengkap di aplikasi pelayanan.",
        "cost": FREE,
        "products": [
            "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan kegiatan statistik",
            "Surat rekomendasi kegiatan statistik",
        ],
        "complaint_channels": [
            {
                "kind": "langsung",
                "label": "Pengaduan langsung",
                "value": "Kotak saran & pengaduan pada unit PST BPS Kabupaten Kotabaru",
            },
            {"kind": "website", "label": "Website pengaduan", "value": "https://s.bps.go.id/laporbpskotabaru"},
            {"kind": "email", "label": "E-mail", "value": "bps6302@bps.go.id"},
            {"kind": "telepon", "label": "SMS/Telp", "value": "0856-1116-302"},
            LAPOR,
        ],
        "letter_code": "63020",
    },
    # Seed 003: the Direktur Diseminasi Statistik at BPS RI signs; WhatsApp notifications promised.
    {
        "code": "6111",
        "letter_place": "Sukadana",
        "name": "BPS Kabupaten Kayong Utara",
        "level": "kabkota",
        "region_code": "6111",
        "parent": "6100",
        "address": "Jl. Batu Daya I No. 8, Sukadana, Kabupaten Kayong Utara 78852",
        "phone": "0534 3031316",
        "email": "bps6111@bps.go.id",
        "website": "https://kayongutarakab.bps.go.id",
        "sk_number": "65 Tahun 2024",
        "requirements": [
            "Pengguna layanan berkunjung ke Unit Pelayanan Statistik Terpadu (PST) BPS",
            "Pengguna layanan memiliki alamat email serta nomor handphone yang masih aktif dan terhubung dengan "
            "WhatsApp",
            "Pengguna layanan mengisi buku tamu",
            "Pengguna layanan mengajukan permintaan layanan rekomendasi kegiatan statistik kepada petugas",
        ],
        "procedure": [
            "Pengguna layanan mengakses layanan rekomendasi kegiatan statistik dengan mengunjungi unit PST BPS",
            "Pengguna layanan mengisi buku tamu",
            "Pengguna layanan mengambil nomor antrian",
            "Pengguna layanan menunggu waktu dilayani sesuai nomor antrian",
            "Pengguna layanan menyampaikan permintaan layanan rekomendasi kegiatan statistik kepada petugas",
            "Petugas memberikan softcopy formulir rekomendasi kegiatan statistik sektoral kepada pengguna layanan "
            "yang berisi pertanyaan mengenai penyelenggaraan kegiatan statistik dan penjelasan setiap pertanyaan",
            "Petugas membantu pengguna layanan dalam mengakses layanan rekomendasi kegiatan statistik",
            "Pengguna layanan membuat akun dan login",
            "Petugas membantu pengguna layanan mencari informasi tentang kegiatan statistik yang sudah mendapatkan "
            "rekomendasi dari BPS sebagai referensi untuk kegiatan statistik yang akan dilaksanakan",
            "Petugas mendampingi pengguna layanan melakukan pengajuan rekomendasi kegiatan statistik",
            "Petugas melakukan pemeriksaan rancangan kegiatan statistik",
            "Petugas bersama tim terkait melakukan evaluasi dan mendiskusikan rancangan kegiatan statistik",
            "Petugas menyusun naskah surat rekomendasi yang berisi kelayakan pelaksanaan kegiatan statistik sektoral",
            "Direktur Diseminasi Statistik mengesahkan surat rekomendasi statistik yang berisi kelayakan pelaksanaan "
            "kegiatan statistik sektoral",
            "Petugas mengirimkan surat rekomendasi kegiatan statistik sektoral kepada pengguna layanan",
        ],
        "service_time_amount": 14,
        "service_time_unit": "hari_kerja",
        "service_time_note": "Pengguna layanan akan menerima notifikasi melalui e-mail serta nomor handphone yang "
        "masih aktif dan terhubung dengan WhatsApp tentang hasil pemeriksaan formulir rekomendasi kegiatan "
        "statistik sektoral maksimal 14 (empat belas) hari kerja sejak berkas dinyatakan lengkap dan jelas oleh BPS.",
        "cost": FREE,
        "products": [
            "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan kegiatan statistik, "
            "serta surat rekomendasi kegiatan statistik sektoral",
        ],
        "complaint_channels": [
            {"kind": "langsung", "label": "Pengaduan langsung", "value": "Kotak saran & pengaduan pada unit PST BPS"},
            LAPOR,
            {"kind": "website", "label": "Website pengaduan", "value": "https://webapps.bps.go.id/pengaduan"},
            {"kind": "email", "label": "E-mail", "value": "bpshq@bps.go.id"},
            {"kind": "whatsapp", "label": "WhatsApp", "value": "081119500500"},
        ],
        "letter_code": "61110",
        "whatsapp_enabled": True,
        "signer_office": "0000",
        "signer_title": "Direktur Diseminasi Statistik",
        "signer_on_behalf_of": "Kepala Badan Pusat Statistik",
    },
    # Seed 004 (the office calls the MS-Keg form FRKSS)
    {
        "code": "3304",
        "letter_place": "Banjarnegara",
        "name": "BPS Kabupaten Banjarnegara",
        "level": "kabkota",
        "region_code": "3304",
        "parent": "3300",
        "address": "Jl. Selamanik 33, Banjarnegara, Provinsi Jawa Tengah 53415",
        "phone": "(0286) 591893",
        "email": "bps3304@bps.go.id",
        "website": "https://banjarnegarakab.bps.go.id",
        "sk_number": "",
        "requirements": [
            "Pengguna layanan memiliki alamat email yang masih aktif untuk akun pada aplikasi Rekomendasi Kegiatan "
            "Statistik (Romantik) Online",
            "Pengguna layanan adalah instansi pemerintah penyelenggara kegiatan statistik sektoral",
            "Pengguna layanan mengisi dokumen Formulir Rekomendasi Kegiatan Statistik Sektoral (FRKSS)",
            "Media layanan meliputi layanan offline (datang langsung ke unit Pelayanan Statistik Terpadu) dan "
            "layanan online (pengguna layanan mengakses dan memiliki akun pada aplikasi Romantik Online)",
        ],
        "procedure": [
            "Pelaksana layanan menyediakan bukti dukung (panduan, booklet, leaflet, dan formulir) serta "
            "mengembangkan dan memelihara aplikasi dengan berkoordinasi dengan unit kerja terkait",
            "Pengguna layanan mengakses website Pelayanan Statistik Terpadu",
            "Pengguna layanan melakukan registrasi/log in",
            "Pengguna layanan memilih menu layanan Rekomendasi kemudian masuk ke halaman Romantik Online",
            "Pengguna layanan menggunakan fitur-fitur Romantik Online: pemberitahuan rancangan kegiatan statistik, "
            "informasi tentang mekanisme rekomendasi, pencarian kegiatan statistik yang mendapatkan rekomendasi BPS",
            "Petugas layanan memeriksa pengajuan rancangan kegiatan statistik: jika perlu diperbaiki, petugas "
            "memberikan catatan; jika Tidak Layak, petugas memproses surat Tidak Layak Dilaksanakan beserta "
            "alasannya; jika Layak, petugas memproses surat rekomendasi Layak Dilaksanakan beserta saran dan masukan",
            "Petugas layanan bersama pelaksana layanan dan/atau koordinator fungsi berkoordinasi dengan unit "
            "kerja/subject matter lain terkait pemberian rekomendasi",
            "Petugas layanan mengirimkan hasil pemeriksaan rancangan kegiatan statistik ke pengguna layanan melalui "
            "Romantik Online",
            "Hasil pemeriksaan diterima pengguna layanan paling lama 30 hari kerja setelah isian rancangan kegiatan "
            "statistik terisi lengkap",
            "Pengguna layanan menerima email notifikasi hasil pemeriksaan rancangan kegiatan statistik",
            "Pengguna layanan mengunduh hasil pemeriksaan: jika perlu diperbaiki, melakukan perbaikan; jika tidak "
            "layak, kegiatan tidak dapat dilaksanakan; jika layak, kegiatan dapat dilaksanakan",
        ],
        "service_time_amount": 30,
        "service_time_unit": "hari_kerja",
        "service_time_note": "Pengguna layanan akan menerima email notifikasi tentang hasil pemeriksaan formulir "
        "permintaan rekomendasi kegiatan statistik maksimal 30 (tiga puluh) hari kerja sejak dokumen formulir "
        "tersebut terekam lengkap di aplikasi pelayanan.",
        "cost": FREE,
        "products": [
            "Saran, masukan, pertimbangan, solusi, dan rekomendasi terhadap penyelenggaraan kegiatan statistik",
            "Surat rekomendasi kegiatan statistik",
        ],
        "complaint_channels": [
            {"kind": "surat", "label": "Surat/e-mail", "value": "Ditujukan kepada BPS Kabupaten Banjarnegara"},
            {"kind": "langsung", "label": "Pengaduan langsung", "value": "Kotak saran & pengaduan di PST"},
            {"kind": "website", "label": "Website", "value": "https://webapps.bps.go.id/pengaduan"},
            {"kind": "email", "label": "E-mail", "value": "bps3304@bps.go.id"},
            LAPOR,
        ],
        "letter_code": "33040",
    },
]

# The supporting documents an office's standard names (seed 004: "penyediaan bukti dukung (panduan, booklet,
# leaflet, dan formulir)"): office code -> (kind, title, the parts of the office's standard the PDF sets out).
# The forms are the portal's blank forms, always on the page; the PDFs are made at seed time (romantik.seeding).
OFFICE_DOCUMENTS = {
    "3304": [
        (
            "panduan",
            "Panduan Pengajuan Rekomendasi Kegiatan Statistik melalui Romantik Online",
            ("requirements", "procedure", "service_time"),
        ),
        (
            "booklet",
            "Booklet Standar Pelayanan Rekomendasi Kegiatan Statistik",
            ("requirements", "procedure", "service_time", "cost", "products", "complaints"),
        ),
        (
            "leaflet",
            "Leaflet Layanan Rekomendasi Kegiatan Statistik",
            ("requirements", "service_time", "cost", "complaints"),
        ),
    ],
}

# Three agencies with users; the third has a second user waiting for verification.
AGENCIES = [
    {
        "name": "Dinas Kesehatan Kabupaten Kotawaringin Timur",
        "acronym": "DINKES",
        "level": "kabkota",
        "region_code": "6202",
        "users": [("pengguna@dinkes-kotim.demo.go.id", "Rina Handayani", "Kepala Seksi Data dan Informasi", True)],
    },
    {
        "name": "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Banjarmasin",
        "acronym": "DISKOMINFOTIK",
        "level": "kabkota",
        "region_code": "6371",
        "users": [("pengguna@diskominfo-bjm.demo.go.id", "Ahmad Fauzi", "Pranata Komputer", True)],
    },
    {
        "name": "Badan Perencanaan Pembangunan Daerah Kabupaten Banjarnegara",
        "acronym": "BAPPEDA",
        "level": "kabkota",
        "region_code": "3304",
        "users": [
            ("pengguna@bappeda-bna.demo.go.id", "Siti Nurjanah", "Perencana Ahli Muda", True),
            ("staf@bappeda-bna.demo.go.id", "Budi Santoso", "Staf Bidang Perencanaan", False),
        ],
    },
]

DEMO_PASSWORD = "romantik-demo"
# The demo heads', office admins' and site admin's TOTP secret (base32): add it to an authenticator app, or run
# `python manage.py demo_totp_code` for the current code.
DEMO_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
