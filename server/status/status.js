// The visitor's status page (/s/{token}): the server writes the first state into the page
// (a JSON block, as the CSP allows no inline script), then this keeps it fresh.

import { $, api } from "/web/common.js";

const TOKEN = document.body.dataset.token;
// "unknown" (no such ticket) or "busy" (too many requests): the page shows only that.
const PROBLEM = document.body.dataset.problem;
let status = JSON.parse(document.getElementById("initial").textContent);
const T = {
  nl: { number: "Uw nummer", waiting: "U staat in de wachtrij", called: "U bent aan de beurt!", goto: "Ga naar", serving: "U wordt geholpen", done: "Uw bezoek is afgelopen. Bedankt!", no_show: "U werd afgeroepen maar was er niet. Vraag het aan het onthaal.", cancelled: "Dit ticket is niet meer geldig.", left: "U hebt de wachtrij verlaten. Tot ziens!", position: "Wachtenden vóór u", wait: "Geschatte wachttijd", min: "min", now: "bijna aan de beurt", unknown: "Dit ticket bestaat niet. Vraag het aan het onthaal.", busy: "Even te veel vragen. Probeer het over een minuut opnieuw.", note: "Deze pagina werkt zichzelf bij.", offline: "Geen verbinding. U ziet de laatst gekende toestand.", leave: "Ik vertrek", c_title: "Wilt u de wachtrij verlaten?", c_text: "Uw nummer {number} vervalt. Komt u toch terug, neem dan een nieuw ticket.", yes: "Ja, ik vertrek", no: "Nee, ik blijf", too_late: "U wordt al geholpen: vertrekken kan niet meer via deze pagina.", failed: "Dat lukte niet. Probeer het opnieuw of vraag het aan het onthaal." },
  fr: { number: "Votre numéro", waiting: "Vous êtes dans la file d'attente", called: "C'est votre tour !", goto: "Présentez-vous à", serving: "On s'occupe de vous", done: "Votre visite est terminée. Merci !", no_show: "Vous avez été appelé mais vous n'étiez pas là. Adressez-vous à l'accueil.", cancelled: "Ce ticket n'est plus valable.", left: "Vous avez quitté la file d'attente. Au revoir !", position: "Personnes avant vous", wait: "Attente estimée", min: "min", now: "bientôt votre tour", unknown: "Ce ticket n'existe pas. Adressez-vous à l'accueil.", busy: "Trop de demandes. Réessayez dans une minute.", note: "Cette page se met à jour toute seule.", offline: "Pas de connexion. Vous voyez le dernier état connu.", leave: "Je pars", c_title: "Quitter la file d'attente ?", c_text: "Votre numéro {number} sera annulé. Si vous revenez, prenez un nouveau ticket.", yes: "Oui, je pars", no: "Non, je reste", too_late: "On s'occupe déjà de vous : vous ne pouvez plus partir depuis cette page.", failed: "Cela n'a pas marché. Réessayez ou adressez-vous à l'accueil." },
  en: { number: "Your number", waiting: "You are in the queue", called: "It's your turn!", goto: "Go to", serving: "You are being helped", done: "Your visit has ended. Thank you!", no_show: "You were called but were not there. Please ask at the reception.", cancelled: "This ticket is no longer valid.", left: "You left the queue. Goodbye!", position: "People before you", wait: "Estimated wait", min: "min", now: "almost your turn", unknown: "This ticket does not exist. Please ask at the reception.", busy: "Too many requests. Please try again in a minute.", note: "This page updates by itself.", offline: "No connection. You see the last known state.", leave: "I'm leaving", c_title: "Leave the queue?", c_text: "Your number {number} will be cancelled. If you come back, take a new ticket.", yes: "Yes, I'm leaving", no: "No, I'm staying", too_late: "You are already being helped: you can no longer leave from this page.", failed: "That did not work. Try again or ask at the reception." },
  uk: { number: "Ваш номер", waiting: "Ви в черзі", called: "Ваша черга!", goto: "Підійдіть до", serving: "Вас обслуговують", done: "Ваш візит завершено. Дякуємо!", no_show: "Вас викликали, але вас не було. Зверніться на рецепцію.", cancelled: "Цей талон більше не дійсний.", left: "Ви покинули чергу. До побачення!", position: "Людей перед вами", wait: "Орієнтовне очікування", min: "хв", now: "майже ваша черга", unknown: "Такого талона немає. Зверніться на рецепцію.", busy: "Забагато запитів. Спробуйте за хвилину.", note: "Ця сторінка оновлюється сама.", offline: "Немає з'єднання. Ви бачите останній відомий стан.", leave: "Я йду", c_title: "Покинути чергу?", c_text: "Ваш номер {number} буде скасовано. Якщо повернетеся, візьміть новий талон.", yes: "Так, я йду", no: "Ні, я залишаюся", too_late: "Вас уже обслуговують: покинути чергу з цієї сторінки вже не можна.", failed: "Не вдалося. Спробуйте ще раз або зверніться на рецепцію." },
  ar: { number: "رقمك", waiting: "أنت في قائمة الانتظار", called: "حان دورك!", goto: "توجّه إلى", serving: "تتم مساعدتك الآن", done: "انتهت زيارتك. شكراً!", no_show: "تم النداء عليك ولم تكن موجوداً. اسأل في الاستقبال.", cancelled: "هذه التذكرة لم تعد صالحة.", left: "لقد غادرت قائمة الانتظار. مع السلامة!", position: "عدد الأشخاص قبلك", wait: "الانتظار المتوقع", min: "دقيقة", now: "دورك قريب", unknown: "هذه التذكرة غير موجودة. اسأل في الاستقبال.", busy: "طلبات كثيرة جداً. حاول مرة أخرى بعد دقيقة.", note: "تتحدث هذه الصفحة تلقائياً.", offline: "لا يوجد اتصال. تعرض الصفحة آخر حالة معروفة.", leave: "سأغادر", c_title: "هل تريد مغادرة قائمة الانتظار؟", c_text: "سيتم إلغاء رقمك {number}. إذا عدت، خذ تذكرة جديدة.", yes: "نعم، سأغادر", no: "لا، سأبقى", too_late: "تتم مساعدتك بالفعل: لم يعد بإمكانك المغادرة من هذه الصفحة.", failed: "لم ينجح ذلك. حاول مرة أخرى أو اسأل في الاستقبال." },
  tr: { number: "Numaranız", waiting: "Sıradasınız", called: "Sıra sizde!", goto: "Lütfen gidin:", serving: "Size yardım ediliyor", done: "Ziyaretiniz sona erdi. Teşekkürler!", no_show: "Çağrıldınız ama orada değildiniz. Lütfen danışmaya sorun.", cancelled: "Bu bilet artık geçerli değil.", left: "Sıradan çıktınız. Hoşça kalın!", position: "Önünüzdeki kişi sayısı", wait: "Tahmini bekleme", min: "dk", now: "sıranız yakında", unknown: "Bu bilet mevcut değil. Lütfen danışmaya sorun.", busy: "Çok fazla istek. Bir dakika sonra tekrar deneyin.", note: "Bu sayfa kendiliğinden güncellenir.", offline: "Bağlantı yok. Bilinen son durumu görüyorsunuz.", leave: "Ayrılıyorum", c_title: "Sıradan çıkmak istiyor musunuz?", c_text: "{number} numaranız iptal edilecek. Geri gelirseniz yeni bir bilet alın.", yes: "Evet, ayrılıyorum", no: "Hayır, kalıyorum", too_late: "Size zaten yardım ediliyor: bu sayfadan artık ayrılamazsınız.", failed: "Olmadı. Tekrar deneyin veya danışmaya sorun." },
};
const lang = (status && T[status.lang]) ? status.lang : (document.documentElement.lang in T ? document.documentElement.lang : "nl");
const t = T[lang];
if (lang === "ar") document.documentElement.dir = "rtl";
const FINAL = ["done", "cancelled"];
const OVER = ["done", "no_show", "cancelled"];

// What the visitor is told now: a key for the headline and, when called, where to go.
function headline(s) {
  if (PROBLEM || !s) return { key: PROBLEM || "unknown", text: t[PROBLEM || "unknown"], goto: "" };
  if (s.state === "cancelled" && s.left) return { key: "left", text: t.left, goto: "" };
  if (s.state === "called") return { key: "called", text: t.called, goto: s.desk ? `${t.goto} ${s.desk.name}` : "", desk: s.desk?.name };
  return { key: s.state, text: t[s.state], goto: "" };
}

let shown = null;
function render() {
  const s = PROBLEM ? null : status;
  const h = headline(s);
  const over = !s || OVER.includes(s.state);
  $("headline").textContent = h.text;
  // The tab's title tells it too, for a phone that shows the page among others.
  document.title = over ? h.text : `${s.number} · ${h.goto || h.text}`;
  $("goto-pre").textContent = h.goto ? t.goto : "";
  $("desk").textContent = h.desk || "";
  $("goto").hidden = !h.goto;
  $("card").classList.toggle("called", h.key === "called");
  $("card").classList.toggle("over", over);
  // A pictogram for an ended visit: a check when it went as it should, else "ask at the desk".
  const good = ["done", "left"].includes(h.key);
  $("icon-ok").toggleAttribute("hidden", !good);
  $("icon-info").toggleAttribute("hidden", !over || good);
  // A finished visit says so and shows nothing else.
  $("ticket").hidden = over;
  $("note").hidden = over;
  const waiting = !over && s.state === "waiting";
  $("figures").hidden = !waiting;
  $("leave").hidden = over || !["waiting", "called"].includes(s.state);
  if (!over) {
    $("l-number").textContent = t.number;
    $("number").textContent = s.number;
    $("service").textContent = s.service_name;
  }
  if (waiting) {
    $("l-position").textContent = t.position;
    $("position").textContent = s.position ?? "–";
    $("l-wait").textContent = t.wait;
    const w = s.estimated_wait_s;
    $("wait").textContent = w == null ? "–" : w <= 60 ? t.now : `± ${Math.round(w / 60)} ${t.min}`;
  }
  // A change of state is announced (the first render is read as the page itself).
  const key = h.key + "|" + h.goto;
  if (shown !== null && key !== shown) {
    $("live").textContent = h.goto ? `${h.text} ${h.goto}` : h.text;
    if (h.key === "called" && navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }
  shown = key;
}

function offline(yes) { $("note").textContent = yes ? t.offline : t.note; }

function update(s) {
  status = s;
  render();
  if (FINAL.includes(s.state)) stopUpdates();
}

// Live updates: server-sent events, and polling every 5 s whenever the stream is not there.
let es = null, pollTimer = null, reopenTimer = null;
function startLive() {
  if (!("EventSource" in window)) { startPolling(); return; }
  es = new EventSource(`/api/v1/status/${TOKEN}/events`);
  es.addEventListener("status", (e) => {
    stopPolling();
    offline(false);
    update(JSON.parse(e.data));
  });
  es.onerror = () => {
    if (!es) return;
    if (es.readyState === EventSource.CLOSED) {
      es = null;
      // Try the stream again later; poll meanwhile.
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(() => { if (!es && status && !FINAL.includes(status.state)) startLive(); }, 30000);
    }
    startPolling();
  };
}
function startPolling() {
  if (pollTimer || !status || FINAL.includes(status.state)) return;
  pollTimer = setInterval(refresh, 5000);
  refresh();
}
function stopPolling() { clearInterval(pollTimer); pollTimer = null; }
function stopUpdates() {
  stopPolling();
  clearTimeout(reopenTimer);
  if (es) { es.close(); es = null; }
}
async function refresh() {
  let s;
  try {
    s = await api("GET", `/api/v1/status/${TOKEN}`, undefined, { cache: "no-store" });
  } catch (e) {
    // Too many requests is not a lost connection; either way the last known state stays.
    if (e.status !== 429) offline(true);
    return;
  }
  offline(false);
  update(s);
}

// "I'm leaving", after an explicit confirmation.
const dialog = $("confirm");
$("leave").textContent = t.leave;
$("c-title").textContent = t.c_title;
$("c-yes").textContent = t.yes;
$("c-no").textContent = t.no;
$("leave").addEventListener("click", () => {
  $("error").textContent = "";
  $("c-text").textContent = t.c_text.replace("{number}", status.number);
  dialog.showModal();
});
$("c-no").addEventListener("click", () => dialog.close());
$("c-yes").addEventListener("click", async () => {
  $("c-yes").disabled = true;
  try {
    const s = await api("POST", `/api/v1/status/${TOKEN}/leave`);
    dialog.close();
    update(s);
    $("headline").focus();
  } catch (e) {
    dialog.close();
    if (e.status === 409) {
      $("error").textContent = t.too_late;
      refresh();
    } else {
      $("error").textContent = t.failed;
    }
  } finally {
    $("c-yes").disabled = false;
  }
});

offline(false);
render();
if (!PROBLEM && status && !FINAL.includes(status.state)) startLive();
