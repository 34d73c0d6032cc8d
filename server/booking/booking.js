// The public booking page: service → day → time → short form → confirmation at
// /book/{manage_token}, where the citizen can also cancel or move the appointment. With the
// days, a citizen who has their own social worker can pick them, among that service's own
// social workers only (the catalogue lists the services each one takes).
// No account, no cookies, nothing from other sites: everything comes from /api/v1/public.
// Times are shown in Europe/Brussels, whatever the phone's own time zone.

import {
  $, api as call, ApiError, serverSaid, el as h, announce, fmtBrussels, brusselsDay,
} from "/web/common.js";

// Arabic with Latin digits (as on the kiosk, the ticket and every letter in Belgium) and the
// 24-hour clock ("14:30", not "02:30 م"), so the times match what the office says and writes.
const LOCALE = { nl: "nl-BE", fr: "fr-BE", en: "en-GB", uk: "uk-UA", ar: "ar-u-nu-latn-hc-h23", tr: "tr-TR" };

/** A text with a count in it, in a language whose noun changes with the number (Ukrainian and
 * Arabic have more forms than singular and plural): `forms` per Intl plural category. */
function counted(locale, forms) {
  const rules = new Intl.PluralRules(locale);
  return (n) => (forms[rules.select(n)] ?? forms.other).replace("{n}", String(n));
}

// Right-to-left text shows a phone number's digit groups in reverse order unless the number
// is isolated as left-to-right (U+2066 … U+2069).
const ltr = (s) => `\u2066${s}\u2069`;

const T = {
  nl: {
    skip: "Naar de inhoud",
    title: "Een afspraak maken",
    intro: "Kies een dienst, een dag en een uur. U hebt geen account nodig.",
    steps: ["Dienst", "Dag", "Uur", "Gegevens"],
    stepOf: "Stap {n} van 4",
    chooseService: "Waarvoor wilt u een afspraak?",
    worker: "Hebt u al een vaste maatschappelijk werker?",
    workerHint: "Kies die persoon, dan ziet u de uren waarop die vrij is.",
    noPreference: "Nee, of ik weet het niet",
    noServices: "U kunt op dit moment niet online een afspraak maken. Bel ons.",
    chooseDay: "Kies een dag",
    free: (n) => (n === 1 ? "1 vrij uur" : `${n} vrije uren`),
    noDays: "Er zijn de komende weken geen vrije uren. Bel ons, of kies iemand anders.",
    daysFound: (n) => (n === 1 ? "1 dag met vrije uren" : `${n} dagen met vrije uren`),
    chooseTime: "Kies een uur",
    back: "Terug",
    yourDetails: "Uw gegevens",
    detailsIntro: "Geef een e-mailadres of een telefoonnummer (of beide), zodat we u kunnen bereiken.",
    name: "Uw naam",
    email: "E-mailadres",
    emailHint: "U krijgt de dag voordien een herinnering.",
    phone: "Telefoonnummer",
    phoneHint: "Bijvoorbeeld 0470 12 34 56",
    optional: "(niet verplicht als u een e-mailadres geeft)",
    consent: "Ik ga akkoord dat het Sociaal Huis deze gegevens gebruikt voor deze afspraak. Ze worden na de afspraak gewist.",
    book: "Afspraak bevestigen",
    booking: "Even geduld…",
    service: "Dienst",
    date: "Dag",
    time: "Uur",
    place: "Plaats",
    room: "Lokaal",
    booked: "Uw afspraak is geboekt.",
    moved: "Uw afspraak is verplaatst.",
    yourAppointment: "Uw afspraak",
    code: "Uw code",
    codeHint: "Toon deze code of QR-code aan de kiosk als u aankomt.",
    qrAlt: (c) => `QR-code met uw code ${c}`,
    keepLink: "Bewaar deze pagina. Met deze link kunt u uw afspraak later bekijken, verplaatsen of annuleren:",
    moveBtn: "Afspraak verplaatsen",
    cancelBtn: "Afspraak annuleren",
    cancelAsk: "Wilt u deze afspraak echt annuleren?",
    cancelYes: "Ja, annuleren",
    cancelNo: "Nee, behouden",
    cancelled: "Deze afspraak is geannuleerd.",
    over: "Deze afspraak kan niet meer gewijzigd worden.",
    newBooking: "Een nieuwe afspraak maken",
    moveTitle: "Afspraak verplaatsen",
    moveIntro: "Kies een nieuwe dag en een nieuw uur, bij dezelfde maatschappelijk werker.",
    moveTo: (d, t) => `Verplaatsen naar ${d} om ${t}`,
    taken: "Hier zijn de vrije uren van nu.",
    call: "Vragen? Bel ons:",
    offline: "Er is geen verbinding met de server. Probeer het opnieuw.",
    notFound: "Deze afspraak bestaat niet. Kijk de link na of bel ons.",
    fixErrors: "Kijk het formulier na.",
    at: "om",
  },
  fr: {
    skip: "Aller au contenu",
    title: "Prendre rendez-vous",
    intro: "Choisissez un service, un jour et une heure. Pas besoin de compte.",
    steps: ["Service", "Jour", "Heure", "Coordonnées"],
    stepOf: "Étape {n} sur 4",
    chooseService: "Pour quel service voulez-vous un rendez-vous ?",
    worker: "Avez-vous déjà un assistant social attitré ?",
    workerHint: "Choisissez cette personne pour voir ses heures libres.",
    noPreference: "Non, ou je ne sais pas",
    noServices: "Il n'est pas possible de prendre rendez-vous en ligne pour le moment. Appelez-nous.",
    chooseDay: "Choisissez un jour",
    free: (n) => (n === 1 ? "1 heure libre" : `${n} heures libres`),
    noDays: "Pas d'heure libre dans les semaines à venir. Appelez-nous, ou choisissez quelqu'un d'autre.",
    daysFound: (n) => (n === 1 ? "1 jour avec des heures libres" : `${n} jours avec des heures libres`),
    chooseTime: "Choisissez une heure",
    back: "Retour",
    yourDetails: "Vos coordonnées",
    detailsIntro: "Donnez une adresse e-mail ou un numéro de téléphone (ou les deux), pour que nous puissions vous joindre.",
    name: "Votre nom",
    email: "Adresse e-mail",
    emailHint: "Vous recevrez un rappel la veille.",
    phone: "Numéro de téléphone",
    phoneHint: "Par exemple 0470 12 34 56",
    optional: "(facultatif si vous donnez une adresse e-mail)",
    consent: "J'accepte que la Maison sociale utilise ces données pour ce rendez-vous. Elles sont effacées après le rendez-vous.",
    book: "Confirmer le rendez-vous",
    booking: "Un instant…",
    service: "Service",
    date: "Jour",
    time: "Heure",
    place: "Lieu",
    room: "Local",
    booked: "Votre rendez-vous est réservé.",
    moved: "Votre rendez-vous a été déplacé.",
    yourAppointment: "Votre rendez-vous",
    code: "Votre code",
    codeHint: "Montrez ce code ou ce code QR à la borne en arrivant.",
    qrAlt: (c) => `Code QR avec votre code ${c}`,
    keepLink: "Gardez cette page. Avec ce lien, vous pouvez consulter, déplacer ou annuler votre rendez-vous :",
    moveBtn: "Déplacer le rendez-vous",
    cancelBtn: "Annuler le rendez-vous",
    cancelAsk: "Voulez-vous vraiment annuler ce rendez-vous ?",
    cancelYes: "Oui, annuler",
    cancelNo: "Non, le garder",
    cancelled: "Ce rendez-vous est annulé.",
    over: "Ce rendez-vous ne peut plus être modifié.",
    newBooking: "Prendre un nouveau rendez-vous",
    moveTitle: "Déplacer le rendez-vous",
    moveIntro: "Choisissez un nouveau jour et une nouvelle heure, avec le même assistant social.",
    moveTo: (d, t) => `Déplacer au ${d} à ${t}`,
    taken: "Voici les heures libres actuelles.",
    call: "Des questions ? Appelez-nous :",
    offline: "Pas de connexion avec le serveur. Réessayez.",
    notFound: "Ce rendez-vous n'existe pas. Vérifiez le lien ou appelez-nous.",
    fixErrors: "Vérifiez le formulaire.",
    at: "à",
  },
  en: {
    skip: "Skip to content",
    title: "Book an appointment",
    intro: "Choose a service, a day and a time. No account needed.",
    steps: ["Service", "Day", "Time", "Details"],
    stepOf: "Step {n} of 4",
    chooseService: "What is the appointment for?",
    worker: "Do you already have a social worker?",
    workerHint: "Choose them to see when they are free.",
    noPreference: "No, or I don't know",
    noServices: "Online booking is not possible at the moment. Please call us.",
    chooseDay: "Choose a day",
    free: (n) => (n === 1 ? "1 free time" : `${n} free times`),
    noDays: "No free times in the coming weeks. Please call us, or choose someone else.",
    daysFound: (n) => (n === 1 ? "1 day with free times" : `${n} days with free times`),
    chooseTime: "Choose a time",
    back: "Back",
    yourDetails: "Your details",
    detailsIntro: "Give an e-mail address or a phone number (or both), so that we can reach you.",
    name: "Your name",
    email: "E-mail address",
    emailHint: "You will get a reminder the day before.",
    phone: "Phone number",
    phoneHint: "For example 0470 12 34 56",
    optional: "(optional if you give an e-mail address)",
    consent: "I agree that the Sociaal Huis uses these details for this appointment. They are erased after the appointment.",
    book: "Confirm the appointment",
    booking: "One moment…",
    service: "Service",
    date: "Day",
    time: "Time",
    place: "Place",
    room: "Room",
    booked: "Your appointment is booked.",
    moved: "Your appointment has been moved.",
    yourAppointment: "Your appointment",
    code: "Your code",
    codeHint: "Show this code or QR code at the kiosk when you arrive.",
    qrAlt: (c) => `QR code with your code ${c}`,
    keepLink: "Keep this page. With this link you can view, move or cancel your appointment later:",
    moveBtn: "Move the appointment",
    cancelBtn: "Cancel the appointment",
    cancelAsk: "Do you really want to cancel this appointment?",
    cancelYes: "Yes, cancel",
    cancelNo: "No, keep it",
    cancelled: "This appointment has been cancelled.",
    over: "This appointment can no longer be changed.",
    newBooking: "Book a new appointment",
    moveTitle: "Move the appointment",
    moveIntro: "Choose a new day and time, with the same social worker.",
    moveTo: (d, t) => `Move to ${d} at ${t}`,
    taken: "Here are the free times now.",
    call: "Questions? Call us:",
    offline: "There is no connection with the server. Please try again.",
    notFound: "This appointment does not exist. Please check the link or call us.",
    fixErrors: "Please check the form.",
    at: "at",
  },
  uk: {
    skip: "Перейти до змісту",
    title: "Записатися на прийом",
    intro: "Оберіть службу, день і час. Реєструватися на сайті не потрібно.",
    steps: ["Служба", "День", "Час", "Ваші дані"],
    stepOf: "Крок {n} з 4",
    chooseService: "З якого питання ви хочете записатися?",
    worker: "У вас уже є свій соціальний працівник?",
    workerHint: "Оберіть цю людину, і ви побачите, коли вона вільна.",
    noPreference: "Ні, або я не знаю",
    noServices: "Зараз записатися онлайн неможливо. Зателефонуйте нам.",
    chooseDay: "Оберіть день",
    free: counted("uk", { one: "{n} вільне місце", few: "{n} вільні місця", many: "{n} вільних місць", other: "{n} вільного місця" }),
    noDays: "У найближчі тижні вільних місць немає. Зателефонуйте нам або оберіть іншу людину.",
    daysFound: counted("uk", { one: "{n} день із вільним часом", few: "{n} дні з вільним часом", many: "{n} днів із вільним часом", other: "{n} дня з вільним часом" }),
    chooseTime: "Оберіть час",
    back: "Назад",
    yourDetails: "Ваші дані",
    detailsIntro: "Напишіть адресу електронної пошти або номер телефону (або обидва), щоб ми могли з вами зв'язатися.",
    name: "Ваше ім'я",
    email: "Електронна пошта",
    emailHint: "За день до прийому ви отримаєте нагадування.",
    phone: "Номер телефону",
    phoneHint: "Наприклад, 0470 12 34 56",
    optional: "(не обов'язково, якщо ви написали електронну пошту)",
    consent: "Я погоджуюся, що Sociaal Huis використає ці дані для цього запису. Після прийому їх видалять.",
    book: "Підтвердити запис",
    booking: "Хвилинку…",
    service: "Служба",
    date: "День",
    time: "Час",
    place: "Місце",
    room: "Кімната",
    booked: "Вас записано на прийом.",
    moved: "Ваш запис перенесено.",
    yourAppointment: "Ваш запис",
    code: "Ваш код",
    codeHint: "Коли прийдете, покажіть цей код або QR-код на кіоску біля входу.",
    qrAlt: (c) => `QR-код з вашим кодом ${c}`,
    keepLink: "Збережіть цю сторінку. За цим посиланням ви зможете пізніше переглянути, перенести або скасувати свій запис:",
    moveBtn: "Перенести запис",
    cancelBtn: "Скасувати запис",
    cancelAsk: "Ви справді хочете скасувати цей запис?",
    cancelYes: "Так, скасувати",
    cancelNo: "Ні, залишити",
    cancelled: "Цей запис скасовано.",
    over: "Цей запис уже не можна змінити.",
    newBooking: "Зробити новий запис",
    moveTitle: "Перенести запис",
    moveIntro: "Оберіть новий день і час у того самого соціального працівника.",
    moveTo: (d, t) => `Новий час: ${d}, ${t}`,
    taken: "Ось час, який зараз вільний.",
    call: "Є питання? Зателефонуйте нам:",
    offline: "Немає зв'язку з сервером. Спробуйте ще раз.",
    notFound: "Такого запису немає. Перевірте посилання або зателефонуйте нам.",
    fixErrors: "Перевірте, що ви написали.",
    at: "о",
  },
  ar: {
    skip: "انتقل إلى المحتوى",
    title: "حجز موعد",
    intro: "اختر خدمة ويومًا ووقتًا. لا تحتاج إلى حساب.",
    steps: ["الخدمة", "اليوم", "الوقت", "بياناتك"],
    stepOf: "الخطوة {n} من 4",
    chooseService: "لأي خدمة تريد موعدًا؟",
    worker: "هل لديك مرشد اجتماعي خاص بك؟",
    workerHint: "اختر هذا الشخص لترى الأوقات التي يكون فيها متاحًا.",
    noPreference: "لا، أو لا أعرف",
    noServices: "لا يمكن حجز موعد عبر الإنترنت الآن. اتصل بنا.",
    chooseDay: "اختر يومًا",
    free: counted("ar", { one: "وقت واحد متاح", two: "وقتان متاحان", few: "{n} أوقات متاحة", many: "{n} وقتًا متاحًا", other: "{n} وقت متاح" }),
    noDays: "لا توجد أوقات متاحة في الأسابيع القادمة. اتصل بنا، أو اختر شخصًا آخر.",
    daysFound: counted("ar", { one: "يوم واحد فيه أوقات متاحة", two: "يومان فيهما أوقات متاحة", few: "{n} أيام فيها أوقات متاحة", many: "{n} يومًا فيها أوقات متاحة", other: "{n} يوم فيها أوقات متاحة" }),
    chooseTime: "اختر وقتًا",
    back: "رجوع",
    yourDetails: "بياناتك",
    detailsIntro: "اكتب بريدك الإلكتروني أو رقم هاتفك (أو الاثنين)، حتى نستطيع التواصل معك.",
    name: "اسمك",
    email: "البريد الإلكتروني",
    emailHint: "ستصلك رسالة تذكير قبل الموعد بيوم.",
    phone: "رقم الهاتف",
    phoneHint: `مثلاً ${ltr("0470 12 34 56")}`,
    optional: "(غير ضروري إذا كتبت بريدك الإلكتروني)",
    consent: "أوافق على أن يستخدم Sociaal Huis هذه البيانات لهذا الموعد. تُحذف البيانات بعد الموعد.",
    book: "تأكيد الموعد",
    booking: "لحظة من فضلك…",
    service: "الخدمة",
    date: "اليوم",
    time: "الوقت",
    place: "المكان",
    room: "الغرفة",
    booked: "تم حجز موعدك.",
    moved: "تم تغيير وقت موعدك.",
    yourAppointment: "موعدك",
    code: "رمز موعدك",
    codeHint: "عندما تصل، أظهر هذا الرمز أو رمز QR على جهاز الاستقبال عند المدخل.",
    qrAlt: (c) => `رمز QR فيه رمز موعدك ${c}`,
    keepLink: "احتفظ بهذه الصفحة. بهذا الرابط تستطيع لاحقًا أن ترى موعدك أو تغيّره أو تلغيه:",
    moveBtn: "تغيير الموعد",
    cancelBtn: "إلغاء الموعد",
    cancelAsk: "هل تريد فعلاً إلغاء هذا الموعد؟",
    cancelYes: "نعم، ألغِ الموعد",
    cancelNo: "لا، أبقِ الموعد",
    cancelled: "تم إلغاء هذا الموعد.",
    over: "لم يعد ممكنًا تغيير هذا الموعد.",
    newBooking: "حجز موعد جديد",
    moveTitle: "تغيير الموعد",
    moveIntro: "اختر يومًا جديدًا ووقتًا جديدًا، مع نفس المرشد الاجتماعي.",
    moveTo: (d, t) => `نقل الموعد إلى ${d}، الساعة ${t}`,
    taken: "هذه هي الأوقات المتاحة الآن.",
    call: "لديك أسئلة؟ اتصل بنا:",
    offline: "لا يوجد اتصال بالخادم. حاول مرة أخرى.",
    notFound: "هذا الموعد غير موجود. تحقق من الرابط أو اتصل بنا.",
    fixErrors: "تحقق من المعلومات التي كتبتها.",
    at: "الساعة",
  },
  tr: {
    skip: "İçeriğe geç",
    title: "Randevu alın",
    intro: "Bir hizmet, bir gün ve bir saat seçin. Hesap açmanız gerekmez.",
    steps: ["Hizmet", "Gün", "Saat", "Bilgiler"],
    stepOf: "Adım {n} / 4",
    chooseService: "Randevuyu ne için istiyorsunuz?",
    worker: "Zaten bir sosyal hizmet uzmanınız var mı?",
    workerHint: "Bu kişiyi seçin, boş olduğu saatleri görürsünüz.",
    noPreference: "Hayır veya bilmiyorum",
    noServices: "Şu anda internetten randevu alınamıyor. Lütfen bizi arayın.",
    chooseDay: "Bir gün seçin",
    free: (n) => `${n} boş saat`,
    noDays: "Önümüzdeki haftalarda boş saat yok. Lütfen bizi arayın veya başka birini seçin.",
    daysFound: (n) => `Boş saati olan ${n} gün`,
    chooseTime: "Bir saat seçin",
    back: "Geri",
    yourDetails: "Bilgileriniz",
    detailsIntro: "Size ulaşabilmemiz için bir e-posta adresi veya telefon numarası (ya da ikisini de) yazın.",
    name: "Adınız",
    email: "E-posta adresi",
    emailHint: "Randevudan bir gün önce size bir hatırlatma gelir.",
    phone: "Telefon numarası",
    phoneHint: "Örneğin 0470 12 34 56",
    optional: "(e-posta adresi yazarsanız zorunlu değil)",
    consent: "Sociaal Huis'in bu bilgileri bu randevu için kullanmasını kabul ediyorum. Bilgiler randevudan sonra silinir.",
    book: "Randevuyu onayla",
    booking: "Bir dakika…",
    service: "Hizmet",
    date: "Gün",
    time: "Saat",
    place: "Yer",
    room: "Oda",
    booked: "Randevunuz alındı.",
    moved: "Randevunuzun zamanı değiştirildi.",
    yourAppointment: "Randevunuz",
    code: "Kodunuz",
    codeHint: "Geldiğinizde bu kodu veya QR kodunu girişteki kioskta gösterin.",
    qrAlt: (c) => `Kodunuzu içeren QR kodu: ${c}`,
    keepLink: "Bu sayfayı saklayın. Bu bağlantıyla randevunuzu daha sonra görebilir, değiştirebilir veya iptal edebilirsiniz:",
    moveBtn: "Randevu zamanını değiştir",
    cancelBtn: "Randevuyu iptal et",
    cancelAsk: "Bu randevuyu gerçekten iptal etmek istiyor musunuz?",
    cancelYes: "Evet, iptal et",
    cancelNo: "Hayır, kalsın",
    cancelled: "Bu randevu iptal edildi.",
    over: "Bu randevu artık değiştirilemez.",
    newBooking: "Yeni randevu al",
    moveTitle: "Randevu zamanını değiştir",
    moveIntro: "Aynı sosyal hizmet uzmanıyla yeni bir gün ve saat seçin.",
    moveTo: (d, t) => `Yeni zaman: ${d}, saat ${t}`,
    taken: "Şu anda boş olan saatler bunlar.",
    call: "Sorunuz mu var? Bizi arayın:",
    offline: "Sunucuyla bağlantı yok. Lütfen tekrar deneyin.",
    notFound: "Bu randevu bulunamadı. Bağlantıyı kontrol edin veya bizi arayın.",
    fixErrors: "Lütfen formu kontrol edin.",
    at: "saat",
  },
};

const S = {
  lang: T[document.documentElement.lang] ? document.documentElement.lang : "nl",
  token: null,
  catalogue: null,
  service: null,
  staff: "",
  slots: [],
  day: null,
  slot: null,
  form: { name: "", email: "", phone: "", consent: false },
  notice: null,
  appointment: null,
  mode: "view",
};

const t = (k) => T[S.lang][k] ?? T.nl[k];
const app = () => $("app");

// A service's name marked with the language it is in: Dutch where the configuration has no
// translation, so that a screen reader reads it with a Dutch voice.
function serviceName(s) {
  return h("span", { lang: s.name_lang }, s.name);
}

function fmtDay(iso, opts = { weekday: "long", day: "numeric", month: "long" }) {
  return fmtBrussels(LOCALE[S.lang], iso, opts);
}
function fmtTime(iso) {
  return fmtBrussels(LOCALE[S.lang], iso, { hour: "2-digit", minute: "2-digit" });
}
const localDate = (iso) => iso.slice(0, 10); // slots carry Brussels' own offset

/** The public API (`/api/v1/public…`) in the page's language. The server's own refusals come
 * in that language; a failure it did not explain (no answer, or a proxy's bare status) is
 * thrown as code "offline" with the page's "no connection" sentence. */
async function api(method, path, body) {
  const sep = path.includes("?") ? "&" : "?";
  try {
    return await call(method, `/api/v1/public${path}${sep}lang=${S.lang}`, body ? { ...body, lang: S.lang } : undefined);
  } catch (e) {
    if (serverSaid(e)) throw e;
    throw new ApiError(e.status, "offline", t("offline"), { network: e.network });
  }
}

function say(text) {
  announce($("live"), text, 50);
}

/** Replaces the page content and moves focus to its heading. */
function show(...nodes) {
  const root = app();
  root.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
  root.setAttribute("aria-busy", "false");
  const hd = root.querySelector("h1");
  if (hd) {
    hd.setAttribute("tabindex", "-1");
    hd.focus();
  }
}

function notice() {
  if (!S.notice) return null;
  const n = S.notice;
  S.notice = null;
  return h("div", { class: `notice ${n.kind}`, role: n.kind === "error" ? "alert" : "status" }, n.text);
}

function steps(n) {
  return h("ol", { class: "steps", "aria-label": t("stepOf").replace("{n}", n) },
    t("steps").map((name, i) => h("li", { "aria-current": i + 1 === n ? "step" : null }, `${i + 1}. ${name}`)));
}

function backButton(onclick) {
  // The arrow is drawn, not read; the style sheet turns it to point right in right-to-left.
  return h("button", { type: "button", class: "secondary back", onclick },
    h("span", { class: "arrow", "aria-hidden": "true" }, "←"), t("back"));
}

/** "Questions? Call us: 02 …", the number isolated left to right (see `ltr`) and kept on
 * one line. */
function callUs(phone) {
  return [t("call"), " ", h("span", { class: "tel", dir: "ltr" }, phone)];
}

// ---- booking: service → day → time → form ----

async function loadCatalogue() {
  let catalogue;
  try {
    catalogue = await api("GET", "/services");
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
    return false;
  }
  S.catalogue = catalogue;
  $("place").textContent = catalogue.location.name;
  if (S.service) S.service = catalogue.services.find((s) => s.key === S.service.key) || null;
  return true;
}

function renderServices() {
  const c = S.catalogue;
  show(
    h("h1", {}, t("title")),
    h("p", { class: "lead" }, t("intro")),
    steps(1),
    notice(),
    !c ? null : c.services.length === 0 ? h("p", { class: "notice" }, t("noServices")) : [
      h("h2", { id: "svc-h" }, t("chooseService")),
      h("ul", { class: "choices", "aria-labelledby": "svc-h" },
        c.services.map((s) => h("li", {},
          h("button", { type: "button", class: "choice", id: `svc-${s.key}`, onclick: () => pickService(s) },
            h("strong", { lang: s.name_lang }, s.name),
            s.description ? h("span", { lang: s.description_lang }, s.description) : null)))),
    ],
    // The place on a line of its own, isolated: in Arabic, Dutch names and an address
    // mixed into one right-to-left sentence come out scrambled.
    c ? h("p", { class: "lead footer" }, h("bdi", {}, `${c.location.name}, ${c.location.address}`), h("br"), callUs(c.location.phone)) : null,
  );
}

/** The social workers a citizen may name for a service: those who take it. */
function workersOf(service) {
  return S.catalogue ? S.catalogue.staff.filter((w) => w.services.includes(service.key)) : [];
}

async function pickService(s) {
  S.service = s;
  // A worker chosen for another service may not take this one: back to no preference.
  if (!workersOf(s).some((w) => String(w.id) === S.staff)) S.staff = "";
  await loadSlots();
  renderDays();
}

async function loadSlots() {
  // Four weeks ahead, as a Brussels date.
  const to = brusselsDay(Date.now() + 27 * 86400000);
  let path;
  if (S.mode === "move") {
    path = `/appointments/${S.token}/slots?to=${to}`;
  } else {
    const q = new URLSearchParams({ service: S.service.key, to });
    if (S.staff) q.set("staff", S.staff);
    path = `/slots?${q}`;
  }
  try {
    S.slots = await api("GET", path);
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
    S.slots = [];
  }
}

function dayGroups() {
  const days = new Map();
  for (const s of S.slots) {
    const d = localDate(s.start);
    if (!days.has(d)) days.set(d, []);
    days.get(d).push(s);
  }
  return days;
}

function dayList() {
  const days = dayGroups();
  return days.size === 0 ? h("p", { class: "notice" }, t("noDays")) :
    h("ul", { class: "choices days" }, [...days].map(([d, list]) => h("li", {},
      h("button", { type: "button", class: "choice", "data-day": d, onclick: () => { S.day = d; renderTimes(); } },
        h("strong", {}, fmtDay(list[0].start, { weekday: "long" })),
        h("span", {}, fmtDay(list[0].start, { day: "numeric", month: "long" })),
        h("span", {}, t("free")(list.length))))));
}

/** "Do you already have a social worker?", among the service's own ones; only when there is a
 * choice (with one, "no preference" is that one anyway). */
function workerChoice() {
  const workers = workersOf(S.service);
  if (workers.length < 2) return null;
  return h("div", { class: "worker" },
    h("label", { for: "worker" }, t("worker"), h("span", { class: "hint", id: "worker-hint" }, t("workerHint"))),
    h("select", { id: "worker", "aria-describedby": "worker-hint", onchange: pickWorker },
      h("option", { value: "" }, t("noPreference")),
      workers.map((w) => h("option", { value: String(w.id), selected: String(w.id) === S.staff }, w.name))));
}

/** Another worker: their free days replace the list, and focus stays on the choice. */
async function pickWorker(e) {
  S.staff = e.target.value;
  await loadSlots();
  document.getElementById("days").replaceChildren(...[notice(), dayList()].filter(Boolean));
  const n = dayGroups().size;
  say(n === 0 ? t("noDays") : t("daysFound")(n));
}

function renderDays() {
  const moving = S.mode === "move";
  show(
    h("h1", {}, moving ? t("moveTitle") : t("chooseDay")),
    moving ? h("p", { class: "lead" }, t("moveIntro")) : h("p", { class: "lead" }, serviceName(S.service)),
    moving ? null : steps(2),
    moving ? null : workerChoice(),
    h("div", { id: "days" }, notice(), dayList()),
    backButton(() => (moving ? renderAppointment() : renderServices())),
  );
}

function renderTimes() {
  const list = dayGroups().get(S.day) || [];
  const moving = S.mode === "move";
  show(
    h("h1", {}, t("chooseTime")),
    h("p", { class: "lead" }, [moving ? null : [serviceName(S.service), " · "], list[0] ? fmtDay(list[0].start) : S.day]),
    moving ? null : steps(3),
    notice(),
    h("ul", { class: "choices times" }, list.map((s) => h("li", {},
      h("button", {
        type: "button", class: "choice", "data-start": s.start,
        "aria-label": moving ? t("moveTo")(fmtDay(s.start), fmtTime(s.start)) : null,
        onclick: () => (moving ? moveTo(s) : pickTime(s)),
      }, fmtTime(s.start))))),
    backButton(renderDays),
  );
}

function pickTime(s) {
  S.slot = s;
  renderForm({});
}

function field(id, type, label, hint, errors, extra = {}) {
  const err = errors[id];
  const described = [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(" ") || null;
  return [
    h("label", { for: id }, label, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null),
    h("input", {
      id, name: id, type, value: S.form[id], "aria-describedby": described, "aria-invalid": err ? "true" : null,
      oninput: (e) => { S.form[id] = e.target.value; }, ...extra,
    }),
    err ? h("p", { class: "field-error", id: `${id}-err` }, err) : null,
  ];
}

// Which field an error code belongs to.
const FIELD_OF = { missing_name: "name", invalid_contact: "name", invalid_email: "email", missing_contact: "email", invalid_phone: "phone", consent_required: "consent" };

function renderForm(errors) {
  const s = S.slot;
  const summary = h("dl", { class: "summary card" },
    h("dt", {}, t("service")), h("dd", {}, serviceName(S.service)),
    h("dt", {}, t("date")), h("dd", {}, fmtDay(s.start)),
    h("dt", {}, t("time")), h("dd", {}, fmtTime(s.start)));
  const consentErr = errors.consent;
  const form = h("form", { novalidate: true, onsubmit: submit },
    h("p", {}, t("detailsIntro")),
    // A name is written in its own script whatever the page's language; an e-mail address and
    // a phone number always left to right (typed right to left, a number's groups would swap).
    field("name", "text", t("name"), null, errors, { autocomplete: "name", required: true, dir: "auto" }),
    field("email", "email", t("email"), t("emailHint"), errors, { autocomplete: "email", inputmode: "email", dir: "ltr" }),
    field("phone", "tel", `${t("phone")} ${t("optional")}`, t("phoneHint"), errors, { autocomplete: "tel", inputmode: "tel", dir: "ltr" }),
    h("label", { class: "consent", for: "consent" },
      h("input", {
        type: "checkbox", id: "consent", checked: S.form.consent, "aria-invalid": consentErr ? "true" : null,
        "aria-describedby": consentErr ? "consent-err" : null, onchange: (e) => { S.form.consent = e.target.checked; },
      }),
      h("span", {}, t("consent"))),
    consentErr ? h("p", { class: "field-error", id: "consent-err" }, consentErr) : null,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "book" }, t("book")),
      backButton(renderTimes)));
  show(h("h1", {}, t("yourDetails")), steps(4), notice(), summary, form);
  const first = Object.keys(errors)[0];
  if (first) document.getElementById(first)?.focus();
}

async function submit(e) {
  e.preventDefault();
  const btn = document.getElementById("book");
  btn.disabled = true;
  btn.textContent = t("booking");
  const f = S.form;
  let booked;
  try {
    booked = await api("POST", "/appointments", {
      service: S.service.key, start: S.slot.start, staff: S.staff ? Number(S.staff) : undefined,
      name: f.name, email: f.email, phone: f.phone, consent: f.consent,
    });
  } catch (e) {
    await refused(e);
    return;
  }
  sessionStorage.setItem("onthaal-booked", booked.manage_token);
  location.assign(`/book/${encodeURIComponent(booked.manage_token)}?lang=${S.lang}`);
}

/** A booking the server refused: back to the step where the citizen can set it right. */
async function refused(error) {
  const code = error.code;
  if (code === "staff_not_for_service" || code === "unknown_staff") {
    // The chosen worker no longer takes this service: the service's workers and times again.
    S.staff = "";
    await loadCatalogue();
    S.notice = { kind: "error", text: error.message };
    if (!S.service) { renderServices(); return; }
    await loadSlots();
    renderDays();
    return;
  }
  if (code === "slot_taken" || code === "in_past" || code === "invalid_start") {
    // Someone was quicker: fresh times of that day.
    S.notice = { kind: "error", text: `${error.message}` };
    await loadSlots();
    S.notice = { kind: "error", text: `${error.message} ${t("taken")}` };
    renderTimes();
    return;
  }
  const fieldName = FIELD_OF[code];
  if (fieldName) {
    S.notice = { kind: "error", text: t("fixErrors") };
    renderForm({ [fieldName]: error.message });
  } else {
    S.notice = { kind: "error", text: error.message };
    renderForm({});
  }
}

// ---- the appointment behind a manage token ----

async function loadAppointment() {
  let appointment;
  try {
    appointment = await api("GET", `/appointments/${S.token}`);
  } catch (e) {
    show(h("h1", {}, t("yourAppointment")),
      h("div", { class: "notice error", role: "alert" }, e.status === 404 ? t("notFound") : e.message),
      h("a", { class: "button", href: `/book?lang=${S.lang}` }, t("newBooking")));
    return;
  }
  S.appointment = appointment;
  $("place").textContent = appointment.location.name;
  renderAppointment();
}

function renderAppointment() {
  S.mode = "view";
  const a = S.appointment;
  const cancelled = a.state === "cancelled";
  const justBooked = sessionStorage.getItem("onthaal-booked") === S.token;
  if (justBooked) {
    sessionStorage.removeItem("onthaal-booked");
    S.notice = { kind: "ok", text: t("booked") };
  }
  const loc = a.location;
  show(
    h("h1", {}, t("yourAppointment")),
    notice(),
    cancelled ? h("div", { class: "notice error", role: "status" }, t("cancelled")) : null,
    h("section", { class: `card${cancelled ? " cancelled" : ""}`, "aria-label": t("yourAppointment") },
      h("dl", { class: "summary" },
        h("dt", {}, t("service")), h("dd", { lang: a.service_name_lang }, a.service_name),
        h("dt", {}, t("date")), h("dd", { id: "a-date" }, fmtDay(a.start, { weekday: "long", day: "numeric", month: "long", year: "numeric" })),
        h("dt", {}, t("time")), h("dd", { id: "a-time" }, `${fmtTime(a.start)} – ${fmtTime(a.end)}`),
        h("dt", {}, t("place")), h("dd", {}, `${loc.name}, ${loc.address}`),
        a.room ? [h("dt", {}, t("room")), h("dd", { id: "a-room" }, a.room)] : null),
      cancelled ? null : h("div", { class: "code-box" },
        h("div", {},
          h("p", { class: "hint" }, t("code")),
          h("p", { class: "code", id: "a-code", dir: "ltr" }, a.code)),
        h("img", { class: "qr", id: "a-qr", src: `/book/${encodeURIComponent(S.token)}/qr.svg`, alt: t("qrAlt")(a.code.split("").join(" ")), width: 160, height: 160 })),
      cancelled ? null : h("p", { class: "hint" }, t("codeHint"))),
    cancelled ? null : h("p", {}, t("keepLink"), " ", h("a", { class: "link", href: a.manage_url, dir: "ltr" }, a.manage_url)),
    a.can_change ? h("div", { class: "actions", id: "actions" },
      h("button", { type: "button", class: "primary", id: "move", onclick: startMove }, t("moveBtn")),
      h("button", { type: "button", class: "secondary", id: "cancel", onclick: askCancel }, t("cancelBtn")))
      : cancelled ? null : h("p", { class: "notice" }, t("over")),
    cancelled || !a.can_change ? h("a", { class: "button", href: `/book?lang=${S.lang}` }, t("newBooking")) : null,
    h("p", { class: "lead" }, callUs(loc.phone)),
  );
}

function askCancel() {
  const box = h("div", { class: "card", role: "group", "aria-labelledby": "cancel-q" },
    h("p", { id: "cancel-q" }, h("strong", {}, t("cancelAsk"))),
    h("button", { type: "button", class: "primary danger", id: "cancel-yes", onclick: doCancel }, t("cancelYes")),
    h("button", { type: "button", class: "secondary", id: "cancel-no", onclick: renderAppointment }, t("cancelNo")));
  document.getElementById("actions").replaceWith(box);
  document.getElementById("cancel-no").focus();
}

async function doCancel() {
  try {
    S.appointment = await api("POST", `/appointments/${S.token}/cancel`, {});
    say(t("cancelled"));
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
  }
  renderAppointment();
}

async function startMove() {
  S.mode = "move";
  await loadSlots();
  renderDays();
}

async function moveTo(s) {
  try {
    S.appointment = await api("POST", `/appointments/${S.token}/move`, { start: s.start });
  } catch (e) {
    if (e.code === "slot_taken") {
      await loadSlots();
      S.notice = { kind: "error", text: `${e.message} ${t("taken")}` };
      renderTimes();
      return;
    }
    S.notice = { kind: "error", text: e.message };
    renderAppointment();
    return;
  }
  S.notice = { kind: "ok", text: t("moved") };
  renderAppointment();
}

// ---- language and start ----

function markLang() {
  document.documentElement.lang = S.lang;
  document.documentElement.dir = S.lang === "ar" ? "rtl" : "ltr";
  document.getElementById("skip").textContent = t("skip");
  document.title = `${t(S.token ? "yourAppointment" : "title")} · Onthaal`;
  for (const b of document.querySelectorAll("#langs button")) {
    b.setAttribute("aria-current", b.dataset.lang === S.lang ? "true" : "false");
  }
  const u = new URL(location.href);
  u.searchParams.set("lang", S.lang);
  history.replaceState(null, "", u);
}

async function setLang(lang) {
  S.lang = lang;
  markLang();
  if (S.token) {
    await loadAppointment();
  } else {
    await loadCatalogue();
    renderServices();
  }
}

async function start() {
  const m = location.pathname.match(/^\/book\/([A-Za-z0-9]+)\/?$/);
  S.token = m ? m[1] : null;
  for (const b of document.querySelectorAll("#langs button")) {
    b.addEventListener("click", () => setLang(b.dataset.lang));
  }
  markLang();
  if (S.token) {
    await loadAppointment();
  } else {
    await loadCatalogue();
    renderServices();
  }
}

start();
