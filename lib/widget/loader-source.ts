import { LOCALES, type Locale } from "../i18n/config";
import { MESSAGES } from "../i18n/messages";
import type { OrderAnomaly } from "../orders/order-anomalies";

type LoaderLabels = {
  feedback: string;
  help: string;
  title: string;
  close: string;
  anomaly: Record<OrderAnomaly, string>;
};

function labelsFor(locale: Locale): LoaderLabels {
  const { widget } = MESSAGES[locale];
  return { ...widget, anomaly: MESSAGES[locale].h5.anomaly.short };
}

/**
 * The widget's loader, served as /widget.js into the shop's pages: plain ES2017 (no build step, no
 * framework — it must stay under 5 kB gzipped, tools/bench measures it), written as a string so
 * the server can put its own origin and the three languages' labels in.
 *
 * It draws one floating button (bottom right, red "!", "立即反馈" — "帮助" on the cart — or the
 * fast lane of an order in trouble) inside a shadow root, so the shop's CSS and ours never meet;
 * its styles are a constructed stylesheet, which a strict style-src on the shop's page allows.
 * A tap opens the H5 flow in a panel over the page (full screen on a phone), once: the ticket is
 * single-use, so closing hides the panel and reopening shows the same one. `data-open="navigate"`
 * makes the tap load the flow in the page itself (a webview that prefers it, or one that keeps no cookie in another site's frame: iOS WebKit before 18.4). The
 * page's language goes along (`&lang=`), so the H5 speaks what the button spoke. CSS is written for
 * old webviews too: no `inset`, `min()` or `gap`, and a fallback before `env()`.
 */
export function widgetLoaderSource({ origin }: { origin: string }): string {
  const labels = Object.fromEntries(LOCALES.map((locale) => [locale, labelsFor(locale)]));
  return `(function(){
var s=document.currentScript;if(!s)return;
var O=${JSON.stringify(origin)},L=${JSON.stringify(labels)},d=s.dataset;
if(!d.ticket){if(window.console)console.warn("Kesu widget: data-ticket is missing");return}
function own(o,k){return Object.prototype.hasOwnProperty.call(o,k)}
function lang(v){v=String(v||"").toLowerCase();return v.indexOf("es")===0?"es":v.indexOf("en")===0?"en":"zh-CN"}
var lg=lang(d.lang||document.documentElement.lang||navigator.language),t=L[lg];
var url=O+"/h5/enter?w="+encodeURIComponent(d.ticket)+"&lang="+lg;
var label=(d.anomaly&&own(t.anomaly,d.anomaly)&&t.anomaly[d.anomaly])||(d.page==="cart"?t.help:t.feedback);
var nav=d.open==="navigate";
var css=":host{all:initial}button{font:14px/1.2 system-ui,sans-serif;cursor:pointer}"+
".fab{position:fixed;right:16px;bottom:16px;bottom:calc(16px + env(safe-area-inset-bottom,0px));z-index:2147483000;display:flex;align-items:center;padding:10px 14px 10px 10px;border:0;border-radius:999px;background:#fff;color:#111;box-shadow:0 4px 16px rgba(0,0,0,.2)}"+
".dot{display:inline-flex;width:24px;height:24px;margin-right:8px;border-radius:50%;background:#dc2626;color:#fff;font-weight:700;align-items:center;justify-content:center}"+
".back{position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483001;background:rgba(0,0,0,.35)}"+
".panel{position:fixed;z-index:2147483002;right:16px;bottom:16px;width:400px;height:720px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.3)}"+
"@media (max-width:640px){.panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;max-height:none;border-radius:0}}"+
".bar{display:flex;align-items:center;justify-content:space-between;padding:8px 12px;border-bottom:1px solid #e5e7eb;font:600 15px system-ui,sans-serif;color:#111}"+
".x{border:0;background:none;font-size:22px;width:44px;height:44px}iframe{flex:1;width:100%;border:0}[hidden]{display:none!important}";
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text)e.textContent=text;return e}
function mount(){
// A second tag (a single-page shop re-rendering with a new ticket) replaces the first widget.
var old=document.querySelector("[data-kesu-widget]");if(old&&old.parentNode)old.parentNode.removeChild(old);
var host=el("div");host.setAttribute("data-kesu-widget","");host.setAttribute("style","all:initial!important;position:static!important;display:block!important");
var root=host.attachShadow({mode:"open"});
try{var sh=new CSSStyleSheet();sh.replaceSync(css);root.adoptedStyleSheets=[sh]}catch(e){var st=el("style");st.textContent=css;root.appendChild(st)}
var fab=el("button","fab");fab.type="button";fab.setAttribute("aria-haspopup","dialog");
fab.appendChild(el("span","dot","!")).setAttribute("aria-hidden","true");fab.appendChild(el("span","",label));
root.appendChild(fab);
var back,panel,x,overflow;
function close(){back.hidden=panel.hidden=true;fab.hidden=false;document.documentElement.style.overflow=overflow;fab.focus()}
function open(){
if(nav){location.href=url;return}
if(!panel){back=el("div","back");back.onclick=close;
panel=el("div","panel");panel.setAttribute("role","dialog");panel.setAttribute("aria-modal","true");panel.setAttribute("aria-label",t.title);
var bar=el("div","bar");bar.appendChild(el("span","",t.title));x=el("button","x","\u00d7");x.type="button";x.setAttribute("aria-label",t.close);x.onclick=close;bar.appendChild(x);
var f=el("iframe");f.src=url;f.title=t.title;panel.appendChild(bar);panel.appendChild(f);root.appendChild(back);root.appendChild(panel);
panel.addEventListener("keydown",function(e){if(e.key==="Escape")close()})}
overflow=document.documentElement.style.overflow;document.documentElement.style.overflow="hidden";
back.hidden=panel.hidden=false;fab.hidden=true;x.focus()}
fab.onclick=open;
document.body.appendChild(host)}
if(document.body)mount();else document.addEventListener("DOMContentLoaded",mount);
})();
`;
}
