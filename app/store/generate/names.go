package generate

// culture is where a generated worker comes from: the passport's country,
// the languages spoken (the first is the best), and names as the passport's
// holder writes them, in their own script.
type culture struct {
	nationality string
	languages   string
	weight      int
	families    []string
	givens      []string
}

// cultures are weighted roughly like the Directorate's register: mostly the
// Philippines, Indonesia, India, Morocco, Ethiopia and Latin America, with
// names in Latin, Cyrillic, Arabic, Ethiopic, Devanagari, Thai, Han, Greek,
// Tamil, Sinhala and Bengali scripts, accents and apostrophes included.
var cultures = []culture{
	{"PH", "tl,en", 26,
		[]string{"Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Dela Cruz", "Villanueva", "Ramos", "Aquino", "Castillo", "Navarro", "Pascual"},
		[]string{"Maria Luz", "Rosalie", "Jocelyn", "Marites", "Analyn", "Cristina", "Lorna", "Rowena", "Jennelyn", "Mary Grace", "Evangeline", "Rodel", "Jun"}},
	{"ID", "id,en", 12,
		[]string{"Wijaya", "Susanto", "Hartono", "Siregar", "Nasution", "Saputra", "Lestari", "Kurniawan", "Setiawan", "Rahayu"},
		[]string{"Siti", "Dewi", "Sri", "Wulan", "Ayu", "Indah", "Ratna", "Nur", "Yuliani", "Agus"}},
	{"IN", "hi,en", 8,
		[]string{"शर्मा", "वर्मा", "सिंह", "कुमारी", "यादव", "गुप्ता", "Sharma", "Singh", "Das", "Nair"},
		[]string{"सुनीता", "प्रिया", "अनीता", "लक्ष्मी", "Sunita", "Priya", "Anjali", "Kavita", "Rekha"}},
	{"NP", "ne,en", 4,
		[]string{"श्रेष्ठ", "तामाङ", "गुरुङ", "राई", "Shrestha", "Tamang", "Gurung"},
		[]string{"सीता", "गीता", "माया", "Sita", "Gita", "Maya"}},
	{"MA", "ar,fr", 8,
		[]string{"العلوي", "بنعلي", "الإدريسي", "El Amrani", "Benali", "El Idrissi", "Ouahbi", "Tazi", "Bennani"},
		[]string{"فاطمة", "خديجة", "زينب", "Fatima", "Khadija", "Naïma", "Samira", "Latifa", "Hafsa"}},
	{"EG", "ar,en", 3,
		[]string{"عبد الله", "حسن", "مصطفى", "Abdallah", "Hassan", "Moustafa"},
		[]string{"مريم", "نادية", "Mariam", "Nadia", "Amal"}},
	{"ET", "am,en", 7,
		[]string{"ተስፋዬ", "በቀለ", "ገብረ", "Tesfaye", "Bekele", "Gebre", "Haile", "Alemu", "Wolde"},
		[]string{"ሰላም", "መሰረት", "ትዕግሥት", "Selam", "Meseret", "Tigist", "Almaz", "Hiwot"}},
	{"UA", "uk,ru", 5,
		[]string{"Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Kovalenko", "Shevchenko", "Melnyk"},
		[]string{"Олена", "Оксана", "Наталія", "Olena", "Oksana", "Iryna", "Tetiana"}},
	{"RU", "ru", 2,
		[]string{"Иванова", "Смирнова", "Кузнецова", "Ivanova", "Smirnova"},
		[]string{"Анна", "Екатерина", "Ольга", "Anna", "Olga"}},
	{"TH", "th,en", 3,
		[]string{"ศรีสุข", "บุญมา", "แก้วมณี", "Srisuk", "Boonma", "Kaewmanee"},
		[]string{"สมศรี", "มาลี", "บุญเรือน", "Somsri", "Malee", "Boonruen"}},
	{"CN", "zh,en", 3,
		[]string{"王", "李", "张", "刘", "陈", "Wang", "Li", "Zhang", "Chen"},
		[]string{"秀英", "桂英", "丽", "Xiuying", "Guiying", "Li Na", "Mei"}},
	{"VN", "vi", 3,
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"},
		[]string{"Thị Lan", "Thị Hương", "Thị Mai", "Thu Trang", "Ngọc Ánh"}},
	{"LK", "si,ta,en", 3,
		[]string{"පෙරේරා", "සිල්වා", "Perera", "Fernando", "Silva", "Jayasinghe", "விஜயகுமார்"},
		[]string{"නිමලි", "කුමාරි", "Nimali", "Kumari", "Dilani", "கமலா"}},
	{"BD", "bn,en", 2,
		[]string{"রহমান", "আক্তার", "Rahman", "Akter", "Begum", "Islam"},
		[]string{"ফাতেমা", "নাসরিন", "Fatema", "Nasrin", "Shirin"}},
	{"PE", "es", 3,
		[]string{"Quispe", "Mamani", "Huamán", "Flores", "Rodríguez", "Chávez"},
		[]string{"María José", "Rosa", "Yesenia", "Carmen", "Lucía"}},
	{"CO", "es", 2,
		[]string{"Gómez", "Muñoz", "Hernández", "Rincón", "Peña"},
		[]string{"Luz Marina", "Ángela", "Yolanda", "Dora"}},
	{"PL", "pl", 2,
		[]string{"Łukasiewicz", "Wiśniewska", "Kowalczyk", "Wójcik", "Zając"},
		[]string{"Małgorzata", "Agnieszka", "Łucja", "Bożena"}},
	{"GR", "el,en", 1,
		[]string{"Παπαδοπούλου", "Γεωργίου", "Papadopoulou", "Georgiou"},
		[]string{"Ελένη", "Μαρία", "Eleni", "Maria"}},
	{"SN", "fr,wo", 2,
		[]string{"N'Diaye", "Diop", "Fall", "Sow", "Ndoye", "Mbaye"},
		[]string{"Aïssatou", "Fatou", "Awa", "Mariama", "Ndèye"}},
	{"CM", "fr,en", 1,
		[]string{"Ngo Mbappè", "Atangana", "Essomba", "Tchamba"},
		[]string{"Clémentine", "Béatrice", "Solange"}},
}

// missionCountries are the sending states of the generated missions.
var missionCountries = []string{"PH", "ID", "IN", "NP", "MA", "EG", "ET", "UA", "RU", "TH", "CN", "VN", "LK", "BD",
	"PE", "CO", "PL", "GR", "SN", "CM", "SA", "AE", "QA", "KW", "US", "BR", "NG", "KE", "JP", "KR", "TR", "MX"}

// employerFamilies are the generated employers' family names.
var employerFamilies = []string{"Al-Sabah", "Okonkwo", "Tanaka", "Kim", "Haddad", "Rahimi", "da Silva", "Ivanov",
	"Nakamura", "Al-Thani", "Mwangi", "Hernández", "Yılmaz", "Nguyen", "Rossi", "Smith", "Müller", "Kowalski",
	"Benjelloun", "Gupta", "Andersson", "O'Brien", "Dubois", "Van den Berg"}

// iloCodes are the ILO indicators of forced labour the observations use.
var iloCodes = []string{"abuse_of_vulnerability", "deception", "restriction_of_movement", "isolation",
	"physical_and_sexual_violence", "intimidation_and_threats", "retention_of_identity_documents",
	"withholding_of_wages", "debt_bondage", "abusive_working_and_living_conditions", "excessive_overtime"}
