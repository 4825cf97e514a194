"""Which of Sudachi's words the index and the queries keep: content words (nouns, verbs,
adjectives, adjectival nouns) that say something of a topic."""

CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Words that name no topic whatever their form: particles, auxiliaries, punctuation and
# spaces.
FUNCTION_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
# Words that inflect, and what may follow them as their endings (くん|だ, かせ|ば).
INFLECTING_POS = frozenset({"動詞", "形容詞"})
NOUN_POS = frozenset({"名詞"})
ENDING_POS = frozenset({"助詞", "助動詞"})
# No word begins with a small kana: a reading that cuts one off (き + ょ + ど) is no reading.
SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ")
# Words that point at something named elsewhere: pronouns (なん, だれ, わたし) and adnominals
# (どういう, こういう).
REFERRING_POS = frozenset({"代名詞", "連体詞"})
# Normalised forms that carry no topic: light verbs, formal nouns, question words.
STOP_TERMS = frozenset(
    [
        "為る",
        "遣る",
        "成る",
        "有る",
        "居る",
        "出来る",
        "言う",
        "思う",
        "考える",
        "良い",
        "無い",
        "欲しい",
        "貰う",
        "呉れる",
        "頂く",
        "下さる",
        "事",
        "こと",
        "物",
        "為",
        "様",
        "よう",
        "所",
        "とこ",  # ところ, said short: どんなとこ
        "奴",  # やつ: どういうやつ, a thing of some kind
        "時",
        "中",
        "方",
        "等",
        "場合",
        "何",
        "彼方",
        "此方",
        "其方",
        "如何",
        "御",
        "達",
        "らしい",
        "然う",
        "どう",
        "どんな",
        "何故",
        "なぜ",
        "いつ",
        "誰",
        "どこ",
        "何処",
        "上",
        "下",
        "前",
        "後",
        "毎",
        "他",
        "的",
        "化",
        "性",
        "際",
        "行く",
        "来る",
        "本当",  # ほんと？: whether something is so, not what it is about
        "まじ",
        "点",  # どのような点, 注意すべき点: which respect, not what (問題点 is one word)
        "頃",  # 何月頃: about when, not what
        "何時頃",
        "いつ頃",
        "大体",
        "結局",
        "抑",  # そもそも
    ]
)
SYMBOL_LIKE = frozenset("~-.,:;!?()[]{}/\\|'\"`^_=+*&%$#@<>")
