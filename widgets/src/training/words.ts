// Every word the training panel shows, in English and Chinese (nnbuilder/locale/training_words.json).
// Sentences made by Python (errors, the dataset note) are shown as they come; how a run ended is
// worded here from the end event's reason code and values.
import TRAINING_WORDS from "../../../nnbuilder/locale/training_words.json";
import { hasOwn } from "../shared/own-key";
import { type Values, wordsOf } from "../shared/word-table";
import type { EndValues } from "./types";
import type { Language } from "../shared/widget";

const { say, sayCount, group } = wordsOf(TRAINING_WORDS);
type Key = keyof typeof TRAINING_WORDS;

/** The panel's words in `lang` (nnbuilder/locale/training_words.json), those that take values as functions. */
function panelWords(lang: Language) {
  const s = (key: Key, values?: Values) => say(lang, key, values);
  return {
    start: s("start"),
    continue: s("continue"),
    stop: s("stop"),
    epochOf: (n: number, total: number) => s("epochOf", { n, total }),
    stepOf: (n: number, total: number) => s("stepOf", { n, total }),
    left: (time: string) => s("left", { time }),
    samplesPerSecond: s("samplesPerSecond"),
    batchesPerSecond: s("batchesPerSecond"),
    time: {
      underASecond: s("time.underASecond"),
      s: s("time.s"),
      min: s("time.min"),
      h: s("time.h"),
      d: s("time.d"),
    },
    status: group(lang, "status"),
    trainingWhere: (device: string | null, dataset: string | null) => {
      const known = device ? (dataset ? "both" : "device") : dataset ? "dataset" : "unknown";
      return s(`trainingWhere.${known}` as const, { device: device ?? "", dataset: dataset ?? "" });
    },
    trainedSoFar: (n: number) => sayCount(lang, "trainedSoFar", n),
    train: s("train"),
    val: s("val"),
    test: s("test"),
    waiting: s("waiting"),
    chartLabel: (title: string) => s("chartLabel", { title }),
    samples: s("samples"),
    samplesAlt: s("samplesAlt"),
    samplesEpoch: (n: number) => s("samplesEpoch", { n }),
    /** Metric titles by the metric's name. */
    metrics: group(lang, "metrics"),
    /** Titles of the samples Python sends, by their English words. */
    sampleTitles: Object.fromEntries(
      Object.entries(TRAINING_WORDS)
        .filter(([key]) => key.startsWith("sampleTitle."))
        .map(([, entry]) => [entry.en, entry[lang]]),
    ) as Record<string, string>,
    ended: {
      stopped: (n: number, cut: boolean) => sayCount(lang, "ended.stopped", n) + (cut ? s("ended.cutShort") : ""),
      early: (n: number) => sayCount(lang, "ended.early", n),
      finished: (n: number) => sayCount(lang, "ended.finished", n),
      nan: (value: string, epoch: string, batch: string, lr: string) => s("ended.nan", { value, epoch, batch, lr }),
      kept: (dir: string) => s("ended.kept", { dir }),
    },
  };
}

export type PanelWords = ReturnType<typeof panelWords>;

const EN = panelWords("en");
const ZH = panelWords("zh");

/** `table[key]` when the table itself has it (never something from Object.prototype). */
export function own(table: Record<string, string>, key: string): string | undefined {
  return hasOwn(table, key) ? table[key] : undefined;
}

/** The words of the panel in `lang`. */
export function words(lang: Language): PanelWords {
  return lang === "zh" ? ZH : EN;
}

/**
 * How a run ended, in `lang`, from the end event's `reason` and `values`
 * (nnbuilder/training/end_reasons.py; its English sentence is this one's, less the
 * capital and full stop). Null for a reason this panel does not know.
 */
export function endText(
  reason: string | null | undefined,
  values: EndValues | null | undefined,
  lang: Language,
): string | null {
  if (!values || typeof values.epochs !== "number") return null;
  const w = words(lang).ended;
  let text: string;
  if (reason === "finished") text = w.finished(values.epochs);
  else if (reason === "stopped") text = w.stopped(values.epochs, !!values.cut_short);
  else if (reason === "early_stopping") text = w.early(values.epochs);
  else if (reason === "nan")
    text = w.nan(String(values.value), String(values.epoch), String(values.batch), String(values.learning_rate));
  else return null;
  return sentence(text + (values.kept_in ? w.kept(values.kept_in) : ""), lang);
}

/** `text` with its first letter upper case and a full stop (。 for Chinese) unless it ends a sentence. */
export function sentence(text: string, lang: Language): string {
  const done = text.trim() ? text.trim()[0].toUpperCase() + text.trim().slice(1) : "";
  if (!done || /[.!?…。！？]$/.test(done)) return done;
  return `${done}${lang === "zh" && /[^\p{ASCII}]/u.test(done) ? "。" : "."}`;
}

/** A samples title from Python in `lang` (known titles are translated). */
export function samplesTitle(title: string | undefined, epoch: number | null | undefined, lang: Language): string {
  const w = words(lang);
  const head = title ? (own(w.sampleTitles, title) ?? title) : w.samples;
  return epoch !== undefined && epoch !== null ? `${head}${w.samplesEpoch(epoch + 1)}` : head;
}
