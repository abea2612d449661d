//! The vocabulary of the generated marketplace: Indonesian cities, subjects, names and texts.

/// A city: name, province, time zone, latitude, longitude.
pub struct City {
    pub name: &'static str,
    pub province: &'static str,
    pub zone: &'static str,
    pub lat: f64,
    pub lng: f64,
}

macro_rules! cities {
    ($(($name:literal, $prov:literal, $zone:literal, $lat:literal, $lng:literal)),+ $(,)?) => {
        &[$(City { name: $name, province: $prov, zone: $zone, lat: $lat, lng: $lng }),+]
    };
}

/// Thirty cities, weighted towards Java as the market is.
pub const CITIES: &[City] = cities![
    ("Jakarta", "DKI Jakarta", "Asia/Jakarta", -6.2088, 106.8456),
    ("Jakarta", "DKI Jakarta", "Asia/Jakarta", -6.2615, 106.8106),
    ("Jakarta", "DKI Jakarta", "Asia/Jakarta", -6.1751, 106.8650),
    ("Surabaya", "Jawa Timur", "Asia/Jakarta", -7.2575, 112.7521),
    ("Bandung", "Jawa Barat", "Asia/Jakarta", -6.9175, 107.6191),
    ("Medan", "Sumatera Utara", "Asia/Jakarta", 3.5952, 98.6722),
    ("Bekasi", "Jawa Barat", "Asia/Jakarta", -6.2383, 106.9756),
    ("Tangerang", "Banten", "Asia/Jakarta", -6.1783, 106.6319),
    ("Depok", "Jawa Barat", "Asia/Jakarta", -6.4025, 106.7942),
    ("Semarang", "Jawa Tengah", "Asia/Jakarta", -6.9667, 110.4167),
    (
        "Palembang",
        "Sumatera Selatan",
        "Asia/Jakarta",
        -2.9761,
        104.7754
    ),
    (
        "Makassar",
        "Sulawesi Selatan",
        "Asia/Makassar",
        -5.1477,
        119.4327
    ),
    ("Bogor", "Jawa Barat", "Asia/Jakarta", -6.5971, 106.8060),
    ("Batam", "Kepulauan Riau", "Asia/Jakarta", 1.0456, 104.0305),
    ("Pekanbaru", "Riau", "Asia/Jakarta", 0.5071, 101.4478),
    (
        "Bandar Lampung",
        "Lampung",
        "Asia/Jakarta",
        -5.4500,
        105.2667
    ),
    (
        "Padang",
        "Sumatera Barat",
        "Asia/Jakarta",
        -0.9471,
        100.4172
    ),
    ("Malang", "Jawa Timur", "Asia/Jakarta", -7.9666, 112.6326),
    ("Denpasar", "Bali", "Asia/Makassar", -8.6705, 115.2126),
    (
        "Samarinda",
        "Kalimantan Timur",
        "Asia/Makassar",
        -0.5022,
        117.1536
    ),
    (
        "Banjarmasin",
        "Kalimantan Selatan",
        "Asia/Makassar",
        -3.3186,
        114.5944
    ),
    (
        "Yogyakarta",
        "DI Yogyakarta",
        "Asia/Jakarta",
        -7.7956,
        110.3695
    ),
    (
        "Surakarta",
        "Jawa Tengah",
        "Asia/Jakarta",
        -7.5755,
        110.8243
    ),
    (
        "Balikpapan",
        "Kalimantan Timur",
        "Asia/Makassar",
        -1.2379,
        116.8529
    ),
    (
        "Pontianak",
        "Kalimantan Barat",
        "Asia/Jakarta",
        -0.0263,
        109.3425
    ),
    (
        "Manado",
        "Sulawesi Utara",
        "Asia/Makassar",
        1.4748,
        124.8421
    ),
    ("Jambi", "Jambi", "Asia/Jakarta", -1.6101, 103.6131),
    (
        "Mataram",
        "Nusa Tenggara Barat",
        "Asia/Makassar",
        -8.5833,
        116.1167
    ),
    (
        "Kupang",
        "Nusa Tenggara Timur",
        "Asia/Makassar",
        -10.1772,
        123.6070
    ),
    ("Jayapura", "Papua", "Asia/Jayapura", -2.5337, 140.7181),
    ("Ambon", "Maluku", "Asia/Jayapura", -3.6954, 128.1814),
];

/// Categories and their subjects (Indonesian names; the catalogue derives the slugs).
pub const CATALOGUE: &[(&str, &[&str])] = &[
    (
        "Matematika dan Sains",
        &[
            "Matematika",
            "Fisika",
            "Kimia",
            "Biologi",
            "Statistika",
            "Kalkulus",
            "Aljabar",
            "Geometri",
        ],
    ),
    (
        "Bahasa",
        &[
            "Bahasa Inggris",
            "Bahasa Indonesia",
            "Bahasa Jepang",
            "Bahasa Mandarin",
            "Bahasa Korea",
            "Bahasa Arab",
            "Bahasa Jerman",
            "Bahasa Prancis",
            "TOEFL",
            "IELTS",
        ],
    ),
    (
        "Ilmu Sosial",
        &[
            "Sejarah",
            "Geografi",
            "Ekonomi",
            "Sosiologi",
            "Akuntansi",
            "PPKn",
        ],
    ),
    (
        "Komputer",
        &[
            "Pemrograman Python",
            "Pemrograman Web",
            "Desain Grafis",
            "Microsoft Excel",
            "Data Science",
            "Robotika",
            "Pemrograman Java",
            "Jaringan Komputer",
        ],
    ),
    (
        "Musik",
        &[
            "Piano",
            "Gitar",
            "Biola",
            "Vokal",
            "Drum",
            "Ukulele",
            "Teori Musik",
            "Angklung",
        ],
    ),
    (
        "Seni dan Kerajinan",
        &[
            "Menggambar",
            "Melukis",
            "Kaligrafi",
            "Fotografi",
            "Batik",
            "Tari Tradisional",
            "Desain Busana",
        ],
    ),
    (
        "Agama",
        &[
            "Mengaji Al-Quran",
            "Tahsin",
            "Tahfidz",
            "Pendidikan Agama Kristen",
            "Bahasa Arab Fusha",
            "Fiqih",
        ],
    ),
    (
        "Persiapan Ujian",
        &[
            "UTBK SNBT",
            "Olimpiade Matematika",
            "Olimpiade Sains",
            "CPNS",
            "Ujian Sekolah",
            "Tes Potensi Akademik",
            "SIMAK UI",
            "Kedinasan",
        ],
    ),
    (
        "Olahraga",
        &[
            "Renang",
            "Catur",
            "Bulu Tangkis",
            "Pencak Silat",
            "Yoga",
            "Futsal",
            "Tenis Meja",
            "Taekwondo",
        ],
    ),
    (
        "Keterampilan",
        &[
            "Public Speaking",
            "Menulis Kreatif",
            "Memasak",
            "Kewirausahaan",
            "Digital Marketing",
            "Menjahit",
            "Mengetik Cepat",
            "Bahasa Isyarat",
        ],
    ),
];

pub const FIRST_NAMES: &[&str] = &[
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rina",
    "Andi",
    "Putri",
    "Rizky",
    "Ayu",
    "Dimas",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Oktaviani",
    "Purnama",
    "Rahmat",
    "Sari",
    "Teguh",
    "Utami",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Bayu",
    "Citra",
    "Eko",
    "Fajar",
    "Gita",
    "Hadi",
    "Intan",
    "Kadek",
    "Lina",
    "Maya",
    "Nanda",
    "Ratna",
    "Surya",
];

pub const LAST_NAMES: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Saputra",
    "Lestari",
    "Pratama",
    "Hidayat",
    "Nugroho",
    "Kusuma",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Wibowo",
    "Setiawan",
    "Gunawan",
    "Halim",
    "Tanjung",
    "Putra",
    "Sihombing",
    "Rahman",
    "Susanto",
    "Utomo",
    "Wahyudi",
    "Permana",
    "Hakim",
    "Ramadhan",
    "Syahputra",
    "Maharani",
    "Anggraini",
    "Sembiring",
];

pub const HEADLINES: &[&str] = &[
    "Guru {s} berpengalaman, sabar dan menyenangkan",
    "Les privat {s} untuk SD sampai SMA",
    "Belajar {s} jadi mudah dan seru",
    "Tutor {s} lulusan universitas negeri",
    "{s} dari dasar sampai mahir",
    "Persiapan ujian {s} dengan metode terstruktur",
    "Experienced {s} tutor, online and offline",
    "Kelas {s} interaktif untuk pemula",
];

pub const BIOS: &[&str] = &[
    "Saya sudah mengajar {s} selama bertahun-tahun dan senang membantu siswa memahami konsep dengan contoh sehari-hari.",
    "Lulusan pendidikan dengan pengalaman mengajar di bimbingan belajar. Fokus pada latihan soal dan pemahaman {s}.",
    "Metode belajar saya santai tapi terarah: kita mulai dari dasar {s}, lalu latihan sampai percaya diri.",
    "I help students build confidence in {s} through patient, structured lessons and plenty of practice.",
    "Pernah menjuarai lomba tingkat nasional. Mengajar {s} untuk siswa sekolah dan mahasiswa.",
];

pub const REVIEW_COMMENTS: &[&str] = &[
    "Penjelasannya sangat jelas, anak saya jadi semangat belajar.",
    "Tutor sabar dan tepat waktu.",
    "Materi mudah dipahami, terima kasih!",
    "Great tutor, very patient.",
    "Cukup baik, tapi kadang terlambat.",
    "Sangat membantu persiapan ujian.",
];
