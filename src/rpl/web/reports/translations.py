"""Report translations as data: `python -m rpl.web.reports.translations` writes them into the
site's catalogues (src/rpl/web/locale).

Kept in one place so a translator reviews the three languages side by side. When report labels
change: `scripts/messages.sh update`, then this, then `scripts/messages.sh compile`. Entries of
this table replace whatever the catalogue holds (msgmerge's fuzzy guesses included); other
entries are left alone. Plural entries give one form for vi and zh-Hans, two for tr. An entry
with a context (pgettext) is keyed "context\x04msgid", as gettext keys it.
"""

from __future__ import annotations

from pathlib import Path

T: dict[str, dict[str, str | list[str]]] = {
    "Genetic test of the pregnancy tissue": {
        "vi": "Xét nghiệm di truyền mô thai",
        "zh_Hans": "妊娠组织遗传学检测",
        "tr": "Gebelik dokusunun genetik testi",
    },
    "Chromosome blood test": {
        "vi": "Xét nghiệm máu nhiễm sắc thể",
        "zh_Hans": "染色体血液检查",
        "tr": "Kromozom kan testi",
    },
    "Blood test for antiphospholipid antibodies (lupus anticoagulant)": {
        "vi": "Xét nghiệm máu tìm kháng thể kháng phospholipid (kháng đông lupus)",
        "zh_Hans": "抗磷脂抗体血液检查（狼疮抗凝物）",
        "tr": "Antifosfolipid antikor kan testi (lupus antikoagülanı)",
    },
    "Blood test for antiphospholipid antibodies (anticardiolipin)": {
        "vi": "Xét nghiệm máu tìm kháng thể kháng phospholipid (anticardiolipin)",
        "zh_Hans": "抗磷脂抗体血液检查（抗心磷脂抗体）",
        "tr": "Antifosfolipid antikor kan testi (antikardiyolipin)",
    },
    "Blood test for antiphospholipid antibodies (anti-β2-glycoprotein I)": {
        "vi": "Xét nghiệm máu tìm kháng thể kháng phospholipid (anti-β2-glycoprotein I)",
        "zh_Hans": "抗磷脂抗体血液检查（抗β2糖蛋白I抗体）",
        "tr": "Antifosfolipid antikor kan testi (anti-β2-glikoprotein I)",
    },
    "Blood test for inherited clotting disorders": {
        "vi": "Xét nghiệm máu tìm rối loạn đông máu di truyền",
        "zh_Hans": "遗传性凝血障碍血液检查",
        "tr": "Kalıtsal pıhtılaşma bozuklukları için kan testi",
    },
    "Thyroid blood test (TSH)": {
        "vi": "Xét nghiệm máu tuyến giáp (TSH)",
        "zh_Hans": "甲状腺血液检查（TSH）",
        "tr": "Tiroit kan testi (TSH)",
    },
    "Thyroid hormone blood test (free T4)": {
        "vi": "Xét nghiệm hormone tuyến giáp (FT4)",
        "zh_Hans": "甲状腺激素血液检查（游离T4）",
        "tr": "Tiroit hormonu kan testi (serbest T4)",
    },
    "Thyroid antibody blood test (TPO antibodies)": {
        "vi": "Xét nghiệm kháng thể tuyến giáp (kháng thể TPO)",
        "zh_Hans": "甲状腺抗体血液检查（TPO抗体）",
        "tr": "Tiroit antikor kan testi (TPO antikorları)",
    },
    "Hormone blood test (prolactin)": {
        "vi": "Xét nghiệm hormone (prolactin)",
        "zh_Hans": "激素血液检查（催乳素）",
        "tr": "Hormon kan testi (prolaktin)",
    },
    "Blood sugar test (HbA1c)": {
        "vi": "Xét nghiệm đường huyết (HbA1c)",
        "zh_Hans": "血糖检查（糖化血红蛋白）",
        "tr": "Kan şekeri testi (HbA1c)",
    },
    "Fasting blood sugar test": {
        "vi": "Xét nghiệm đường huyết lúc đói",
        "zh_Hans": "空腹血糖检查",
        "tr": "Açlık kan şekeri testi",
    },
    "Fasting insulin blood test": {
        "vi": "Xét nghiệm insulin lúc đói",
        "zh_Hans": "空腹胰岛素血液检查",
        "tr": "Açlık insülini kan testi",
    },
    "Test of the egg reserve (ovarian reserve)": {
        "vi": "Xét nghiệm dự trữ buồng trứng",
        "zh_Hans": "卵巢储备检查",
        "tr": "Yumurta rezervi testi (over rezervi)",
    },
    "Progesterone blood test": {
        "vi": "Xét nghiệm máu progesterone",
        "zh_Hans": "孕酮血液检查",
        "tr": "Progesteron kan testi",
    },
    "Blood test for androgen hormones": {
        "vi": "Xét nghiệm máu hormone androgen",
        "zh_Hans": "雄激素血液检查",
        "tr": "Androjen hormonları için kan testi",
    },
    "Hormone blood test (LH)": {
        "vi": "Xét nghiệm hormone (LH)",
        "zh_Hans": "激素血液检查（LH）",
        "tr": "Hormon kan testi (LH)",
    },
    "Homocysteine blood test": {
        "vi": "Xét nghiệm máu homocysteine",
        "zh_Hans": "同型半胱氨酸血液检查",
        "tr": "Homosistein kan testi",
    },
    "Vitamin D blood test": {
        "vi": "Xét nghiệm máu vitamin D",
        "zh_Hans": "维生素D血液检查",
        "tr": "D vitamini kan testi",
    },
    "Full blood count": {"vi": "Công thức máu", "zh_Hans": "全血细胞计数", "tr": "Tam kan sayımı"},
    "Scan of the womb": {
        "vi": "Siêu âm tử cung",
        "zh_Hans": "子宫影像检查",
        "tr": "Rahim görüntülemesi",
    },
    "Sperm DNA test": {
        "vi": "Xét nghiệm DNA tinh trùng",
        "zh_Hans": "精子DNA检查",
        "tr": "Sperm DNA testi",
    },
    "Antinuclear antibody blood test": {
        "vi": "Xét nghiệm kháng thể kháng nhân",
        "zh_Hans": "抗核抗体血液检查",
        "tr": "Antinükleer antikor kan testi",
    },
    "Natural killer cell test": {
        "vi": "Xét nghiệm tế bào NK",
        "zh_Hans": "自然杀伤细胞检查",
        "tr": "Doğal öldürücü hücre testi",
    },
    "HLA typing": {"vi": "Định type HLA", "zh_Hans": "HLA分型", "tr": "HLA doku tiplemesi"},
    "Cytokine tests": {
        "vi": "Xét nghiệm cytokine",
        "zh_Hans": "细胞因子检查",
        "tr": "Sitokin testleri",
    },
    "Anti-HLA antibody test": {
        "vi": "Xét nghiệm kháng thể kháng HLA",
        "zh_Hans": "抗HLA抗体检查",
        "tr": "Anti-HLA antikor testi",
    },
    "Tests for infection": {
        "vi": "Xét nghiệm nhiễm trùng",
        "zh_Hans": "感染筛查",
        "tr": "Enfeksiyon testleri",
    },
    "Scan to measure the cervix": {
        "vi": "Siêu âm đo chiều dài cổ tử cung",
        "zh_Hans": "宫颈长度超声测量",
        "tr": "Rahim ağzı uzunluğunu ölçen ultrason",
    },
    "Chromosome blood test for both partners": {
        "vi": "Xét nghiệm nhiễm sắc thể cho cả hai vợ chồng",
        "zh_Hans": "夫妻双方染色体血液检查",
        "tr": "Her iki eş için kromozom kan testi",
    },
    "Take folic acid before and in early pregnancy": {
        "vi": "Uống axit folic trước và trong giai đoạn đầu thai kỳ",
        "zh_Hans": "孕前及孕早期服用叶酸",
        "tr": "Gebelikten önce ve gebeliğin başında folik asit alın",
    },
    "Stop smoking": {"vi": "Bỏ thuốc lá", "zh_Hans": "戒烟", "tr": "Sigarayı bırakın"},
    "Cut down on alcohol": {
        "vi": "Hạn chế rượu bia",
        "zh_Hans": "减少饮酒",
        "tr": "Alkolü azaltın",
    },
    "Cut down on caffeine": {
        "vi": "Hạn chế caffeine",
        "zh_Hans": "减少咖啡因摄入",
        "tr": "Kafeini azaltın",
    },
    "Aim for a healthy weight": {
        "vi": "Hướng tới cân nặng hợp lý",
        "zh_Hans": "保持健康体重",
        "tr": "Sağlıklı bir kiloyu hedefleyin",
    },
    "Emotional support": {"vi": "Hỗ trợ tinh thần", "zh_Hans": "心理支持", "tr": "Duygusal destek"},
    "Early check-ups in your next pregnancy": {
        "vi": "Khám sớm trong lần mang thai tới",
        "zh_Hans": "下次怀孕时尽早检查",
        "tr": "Bir sonraki gebelikte erken kontroller",
    },
    "Care at a specialist clinic for pregnancy loss": {
        "vi": "Khám tại phòng khám chuyên về sảy thai",
        "zh_Hans": "在流产专科门诊就诊",
        "tr": "Gebelik kaybı uzman kliniğinde bakım",
    },
    "Talk with a genetics specialist": {
        "vi": "Tư vấn với chuyên gia di truyền",
        "zh_Hans": "咨询遗传学专家",
        "tr": "Bir genetik uzmanıyla görüşün",
    },
    "Classification": {"vi": "Phân loại", "zh_Hans": "分类", "tr": "Sınıflandırma"},
    "Investigations": {"vi": "Xét nghiệm và thăm dò", "zh_Hans": "检查", "tr": "Tetkikler"},
    "Findings": {"vi": "Kết quả ghi nhận", "zh_Hans": "发现", "tr": "Bulgular"},
    "Treatments": {"vi": "Điều trị", "zh_Hans": "治疗", "tr": "Tedaviler"},
    "Next pregnancy": {"vi": "Lần mang thai tới", "zh_Hans": "下次妊娠", "tr": "Sonraki gebelik"},
    "Advice": {"vi": "Lời khuyên", "zh_Hans": "建议", "tr": "Öneriler"},
    "Prognosis": {"vi": "Tiên lượng", "zh_Hans": "预后", "tr": "Prognoz"},
    "Triage (current pregnancy)": {
        "vi": "Phân loại mức khẩn (thai kỳ hiện tại)",
        "zh_Hans": "分诊（本次妊娠）",
        "tr": "Aciliyet (mevcut gebelik)",
    },
    "Missing data": {"vi": "Dữ liệu còn thiếu", "zh_Hans": "缺失数据", "tr": "Eksik veriler"},
    "Rules fired": {
        "vi": "Quy tắc đã áp dụng",
        "zh_Hans": "已触发的规则",
        "tr": "Uygulanan kurallar",
    },
    "no review needed (evidence checked in the source)": {
        "vi": "không cần thẩm định (bằng chứng đã được đối chiếu với nguồn)",
        "zh_Hans": "无需审核（证据已在原文核对）",
        "tr": "inceleme gerekmez (kanıt kaynakta kontrol edildi)",
    },
    "awaiting clinical review": {
        "vi": "đang chờ thẩm định lâm sàng",
        "zh_Hans": "等待临床审核",
        "tr": "klinik inceleme bekliyor",
    },
    "approved by clinical review": {
        "vi": "đã được thẩm định lâm sàng chấp thuận",
        "zh_Hans": "已通过临床审核",
        "tr": "klinik incelemede onaylandı",
    },
    "clinical review asked for changes": {
        "vi": "thẩm định lâm sàng yêu cầu chỉnh sửa",
        "zh_Hans": "临床审核要求修改",
        "tr": "klinik inceleme değişiklik istedi",
    },
    "reviewed before its citations changed; awaiting a new review": {
        "vi": "đã thẩm định trước khi trích dẫn thay đổi; đang chờ thẩm định lại",
        "zh_Hans": "引用变更前已审核；等待重新审核",
        "tr": "kaynakları değişmeden önce incelendi; yeni inceleme bekliyor",
    },
    "review state not available": {
        "vi": "không có thông tin thẩm định",
        "zh_Hans": "审核状态不可用",
        "tr": "inceleme durumu bilinmiyor",
    },
    "verified": {"vi": "đã đối chiếu", "zh_Hans": "已核实", "tr": "doğrulandı"},
    "secondary": {"vi": "nguồn thứ cấp", "zh_Hans": "二手来源", "tr": "ikincil kaynak"},
    "unverified": {"vi": "chưa đối chiếu", "zh_Hans": "未核实", "tr": "doğrulanmadı"},
    "Clinician report": {"vi": "Báo cáo cho bác sĩ", "zh_Hans": "医生报告", "tr": "Hekim raporu"},
    "Profile": {"vi": "Hướng dẫn áp dụng", "zh_Hans": "指南配置", "tr": "Kılavuz profili"},
    "Assessed on": {"vi": "Ngày đánh giá", "zh_Hans": "评估日期", "tr": "Değerlendirme tarihi"},
    "Printed on": {"vi": "Ngày in", "zh_Hans": "打印日期", "tr": "Yazdırma tarihi"},
    "Engine": {"vi": "Phiên bản phần mềm", "zh_Hans": "引擎版本", "tr": "Motor sürümü"},
    "Knowledge": {"vi": "Cơ sở tri thức", "zh_Hans": "知识库", "tr": "Bilgi tabanı"},
    "Decision support, not a decision: each recommendation names its source, the source's strength label and how its wording was checked. Items marked unverified await clinical review.": {
        "vi": "Đây là công cụ hỗ trợ, không thay thế quyết định lâm sàng: mỗi khuyến cáo ghi rõ nguồn, mức khuyến cáo theo nguồn và cách đối chiếu câu chữ. Các mục ghi \u201cchưa đối chiếu\u201d đang chờ thẩm định lâm sàng.",
        "zh_Hans": "本报告用于辅助决策，而非代替决策：每条建议均注明来源、来源自身的推荐强度以及措辞的核对方式。标为\u201c未核实\u201d的条目正在等待临床审核。",
        "tr": "Bu rapor karar desteğidir, kararın kendisi değildir: her öneri kaynağını, kaynağın kendi güç derecesini ve ifadesinin nasıl kontrol edildiğini gösterir. \u201cDoğrulanmadı\u201d olarak işaretli maddeler klinik inceleme bekliyor.",
    },
    "rule": {"vi": "quy tắc", "zh_Hans": "规则", "tr": "kural"},
    "strength": {"vi": "mức khuyến cáo", "zh_Hans": "推荐强度", "tr": "öneri gücü"},
    "Your visit summary": {
        "vi": "Tóm tắt lần khám của bạn",
        "zh_Hans": "您的就诊小结",
        "tr": "Muayene özetiniz",
    },
    "Reference": {"vi": "Mã hồ sơ", "zh_Hans": "编号", "tr": "Dosya numarası"},
    "Your clinic team prepared this summary with RPL Care. It explains the plan in plain words. It is not a diagnosis: please ask your doctor about anything that is unclear.": {
        "vi": "Nhóm điều trị của phòng khám đã soạn bản tóm tắt này bằng RPL Care để giải thích kế hoạch bằng lời dễ hiểu. Đây không phải là chẩn đoán: hãy hỏi bác sĩ của bạn về bất cứ điều gì chưa rõ.",
        "zh_Hans": "这份小结由您的诊所团队借助 RPL Care 编写，用通俗的语言说明接下来的安排。它不是诊断：如有不清楚的地方，请询问您的医生。",
        "tr": "Bu özeti kliniğinizin ekibi RPL Care ile hazırladı; planı sade bir dille anlatır. Bu bir tanı değildir: anlamadığınız her şeyi doktorunuza sorun.",
    },
    "Your pregnancies": {
        "vi": "Các lần mang thai của bạn",
        "zh_Hans": "您的妊娠经历",
        "tr": "Gebelikleriniz",
    },
    "Your record lists %(counter)s pregnancy.": {
        "vi": ["Hồ sơ của bạn ghi nhận %(counter)s lần mang thai."],
        "zh_Hans": ["您的记录中共有 %(counter)s 次妊娠。"],
        "tr": ["Kaydınızda %(counter)s gebelik var.", "Kaydınızda %(counter)s gebelik var."],
    },
    "%(counter)s of them counts as a pregnancy loss under the guideline your clinic uses.": {
        "vi": [
            "Theo hướng dẫn mà phòng khám áp dụng, %(counter)s lần trong số đó được tính là mất thai."
        ],
        "zh_Hans": ["按照您的诊所采用的指南，其中 %(counter)s 次计为妊娠丢失。"],
        "tr": [
            "Kliniğinizin kullandığı kılavuza göre bunlardan %(counter)s tanesi gebelik kaybı sayılıyor.",
            "Kliniğinizin kullandığı kılavuza göre bunlardan %(counter)s tanesi gebelik kaybı sayılıyor.",
        ],
    },
    "We cannot yet say whether this is recurrent pregnancy loss: some information is still missing.": {
        "vi": "Hiện chưa thể kết luận đây có phải là sảy thai liên tiếp hay không vì còn thiếu một số thông tin.",
        "zh_Hans": "由于部分信息尚缺，目前还无法判断是否属于复发性流产。",
        "tr": "Bazı bilgiler eksik olduğu için bunun tekrarlayan gebelik kaybı olup olmadığını henüz söyleyemiyoruz.",
    },
    "Under this guideline, your history is called recurrent pregnancy loss. This means looking for causes and planning care for the next pregnancy can help.": {
        "vi": "Theo hướng dẫn này, tiền sử của bạn được gọi là sảy thai liên tiếp. Điều đó có nghĩa là việc tìm nguyên nhân và lên kế hoạch chăm sóc cho lần mang thai tới có thể giúp ích.",
        "zh_Hans": "按照这份指南，您的情况属于复发性流产。这意味着查找原因并为下次怀孕做好安排会有帮助。",
        "tr": "Bu kılavuza göre öykünüz tekrarlayan gebelik kaybı olarak adlandırılır. Bu, nedenleri araştırmanın ve bir sonraki gebelik için bakım planlamanın yararlı olabileceği anlamına gelir.",
    },
    "Under this guideline, your history is not called recurrent pregnancy loss. Your clinic will still advise you.": {
        "vi": "Theo hướng dẫn này, tiền sử của bạn chưa được gọi là sảy thai liên tiếp. Phòng khám vẫn sẽ tư vấn cho bạn.",
        "zh_Hans": "按照这份指南，您的情况不属于复发性流产。诊所仍会为您提供建议。",
        "tr": "Bu kılavuza göre öykünüz tekrarlayan gebelik kaybı sayılmıyor. Kliniğiniz size yine de yol gösterecek.",
    },
    "Tests your clinic may suggest": {
        "vi": "Các xét nghiệm phòng khám có thể đề nghị",
        "zh_Hans": "诊所可能建议的检查",
        "tr": "Kliniğinizin önerebileceği testler",
    },
    "may help; talk it through with your doctor": {
        "vi": "có thể có ích; hãy trao đổi với bác sĩ",
        "zh_Hans": "可能有帮助，请与医生商量",
        "tr": "yararlı olabilir; doktorunuzla konuşun",
    },
    "No further tests are suggested at the moment.": {
        "vi": "Hiện chưa cần thêm xét nghiệm nào.",
        "zh_Hans": "目前不需要其他检查。",
        "tr": "Şu an için başka test önerilmiyor.",
    },
    "Tests already done": {
        "vi": "Các xét nghiệm đã làm",
        "zh_Hans": "已完成的检查",
        "tr": "Yapılmış testler",
    },
    "Tests the guidelines do not advise for you": {
        "vi": "Các xét nghiệm hướng dẫn không khuyên làm",
        "zh_Hans": "指南不建议您做的检查",
        "tr": "Kılavuzların sizin için önermediği testler",
    },
    "Treatments to discuss": {
        "vi": "Các điều trị cần trao đổi",
        "zh_Hans": "需要讨论的治疗",
        "tr": "Konuşulacak tedaviler",
    },
    "For your next pregnancy": {
        "vi": "Cho lần mang thai tới",
        "zh_Hans": "为下次怀孕",
        "tr": "Bir sonraki gebeliğiniz için",
    },
    "Things you can do": {
        "vi": "Những điều bạn có thể làm",
        "zh_Hans": "您可以做的事",
        "tr": "Yapabilecekleriniz",
    },
    "Information still needed": {
        "vi": "Thông tin còn cần bổ sung",
        "zh_Hans": "仍需补充的信息",
        "tr": "Hâlâ gereken bilgiler",
    },
    "Your clinic still needs %(counter)s piece of information to complete the plan. They will ask you at your next visit.": {
        "vi": [
            "Phòng khám còn cần %(counter)s thông tin để hoàn thiện kế hoạch và sẽ hỏi bạn ở lần khám tới."
        ],
        "zh_Hans": ["诊所还需要 %(counter)s 项信息来完善方案，下次就诊时会向您询问。"],
        "tr": [
            "Kliniğinizin planı tamamlamak için %(counter)s bilgiye daha ihtiyacı var; bir sonraki muayenede size soracaklar.",
            "Kliniğinizin planı tamamlamak için %(counter)s bilgiye daha ihtiyacı var; bir sonraki muayenede size soracaklar.",
        ],
    },
    "When to get help at once": {
        "vi": "Khi nào cần đi khám ngay",
        "zh_Hans": "何时需要立即就医",
        "tr": "Ne zaman hemen yardım almalı",
    },
    "Call your local emergency number or go to the nearest emergency department if you have heavy bleeding, strong pain in your tummy or shoulder tip, or feel faint.": {
        "vi": "Hãy gọi số cấp cứu tại địa phương hoặc đến khoa cấp cứu gần nhất nếu bạn ra máu nhiều, đau bụng dữ dội hoặc đau ở đầu vai, hoặc thấy choáng ngất.",
        "zh_Hans": "如果出现大量出血、腹部或肩尖剧痛，或感到要晕倒，请立即拨打当地急救电话或前往最近的急诊科。",
        "tr": "Yoğun kanamanız, karnınızda ya da omuz ucunuzda şiddetli ağrınız varsa veya bayılacak gibi hissediyorsanız yerel acil numarasını arayın ya da en yakın acil servise gidin.",
    },
}

# The e-mail to someone whose question was answered (rpl.web.clinic.inbox).
T["RPL Care: your answer is ready"] = {
    "vi": "RPL Care: câu trả lời của bạn đã sẵn sàng",
    "zh_Hans": "RPL Care：您的问题已有回复",
    "tr": "RPL Care: yanıtınız hazır",
}
T[
    "The clinic has answered your question. Open the private link you were given when you asked to read it. For your privacy, this e-mail contains neither the answer nor the link."
] = {
    "vi": "Phòng khám đã trả lời câu hỏi của bạn. Hãy mở đường liên kết riêng bạn nhận được khi gửi câu hỏi để đọc câu trả lời. Để bảo vệ quyền riêng tư, thư này không chứa câu trả lời cũng như đường liên kết.",
    "zh_Hans": "诊所已回复您的问题。请打开您提问时获得的专属链接查看回复。为保护您的隐私，本邮件不包含回复内容，也不包含该链接。",
    "tr": "Klinik sorunuzu yanıtladı. Yanıtı okumak için soruyu sorarken size verilen özel bağlantıyı açın. Gizliliğiniz için bu e-posta ne yanıtı ne de bağlantıyı içerir.",
}

# The clinician report's labels, closed values and headings (rpl.web.clinic.presenting and
# this app's pdf.py). Clinical terms as an obstetrician writes them in a report.
T.update(
    {
        # classification
        "meets definition": {
            "vi": "đạt định nghĩa",
            "zh_Hans": "符合定义",
            "tr": "tanımı karşılıyor",
        },
        "type": {"vi": "thể", "zh_Hans": "类型", "tr": "tip"},
        "losses counted": {
            "vi": "số lần mất thai được tính",
            "zh_Hans": "计入的妊娠丢失次数",
            "tr": "sayılan kayıp sayısı",
        },
        "consecutive losses": {
            "vi": "số lần mất thai liên tiếp gần nhất",
            "zh_Hans": "最近连续妊娠丢失次数",
            "tr": "son ardışık kayıp sayısı",
        },
        "longest consecutive losses": {
            "vi": "chuỗi mất thai liên tiếp dài nhất",
            "zh_Hans": "最长连续妊娠丢失次数",
            "tr": "en uzun ardışık kayıp dizisi",
        },
        "first trimester losses": {
            "vi": "mất thai ba tháng đầu",
            "zh_Hans": "孕早期妊娠丢失",
            "tr": "ilk üç aylık dönem kayıpları",
        },
        "second trimester losses": {
            "vi": "mất thai quý hai",
            "zh_Hans": "孕中期妊娠丢失",
            "tr": "ikinci üç aylık dönem kayıpları",
        },
        "unknown trimester losses": {
            "vi": "mất thai chưa rõ tuổi thai",
            "zh_Hans": "孕周不详的妊娠丢失",
            "tr": "gebelik haftası bilinmeyen kayıplar",
        },
        "care level": {"vi": "tuyến chăm sóc", "zh_Hans": "诊疗级别", "tr": "bakım düzeyi"},
        "definition": {"vi": "định nghĩa", "zh_Hans": "定义", "tr": "tanım"},
        "not counted": {"vi": "không được tính", "zh_Hans": "不计入", "tr": "sayılmadı"},
        "undecided": {"vi": "chưa xác định", "zh_Hans": "尚无法判断", "tr": "belirsiz"},
        "needs": {"vi": "cần", "zh_Hans": "需要", "tr": "gereken"},
        "pregnancy %(number)d": {
            "vi": "lần mang thai thứ %(number)d",
            "zh_Hans": "第 %(number)d 次妊娠",
            "tr": "%(number)d. gebelik",
        },
        "The profile's definition settings and their sources": {
            "vi": "Các thiết lập định nghĩa của hướng dẫn áp dụng và nguồn của chúng",
            "zh_Hans": "指南配置中的定义设置及其来源",
            "tr": "Kılavuz profilinin tanım ayarları ve kaynakları",
        },
        # the profile's definition settings (docs/profiles.md)
        "min losses": {
            "vi": "số lần mất thai tối thiểu",
            "zh_Hans": "最少妊娠丢失次数",
            "tr": "en az kayıp sayısı",
        },
        "min second trimester losses": {
            "vi": "số lần mất thai quý hai tối thiểu",
            "zh_Hans": "最少孕中期妊娠丢失次数",
            "tr": "en az ikinci üç aylık dönem kaybı",
        },
        "first trimester only": {
            "vi": "chỉ tính ba tháng đầu",
            "zh_Hans": "仅计孕早期",
            "tr": "yalnızca ilk üç aylık dönem",
        },
        "first trimester upper weeks": {
            "vi": "giới hạn trên của ba tháng đầu (tuần)",
            "zh_Hans": "孕早期上限（周）",
            "tr": "ilk üç aylık dönemin üst sınırı (hafta)",
        },
        "loss upper limit weeks": {
            "vi": "giới hạn trên để tính là mất thai (tuần)",
            "zh_Hans": "妊娠丢失的孕周上限（周）",
            "tr": "kayıp için üst sınır (hafta)",
        },
        "secondary after weeks": {
            "vi": "tính là thứ phát sau khi đã sinh từ tuần",
            "zh_Hans": "继发性的分娩孕周界值（周）",
            "tr": "sekonder sayılması için doğum haftası",
        },
        "consecutive required": {
            "vi": "yêu cầu liên tiếp",
            "zh_Hans": "要求连续",
            "tr": "ardışık olması gerekir",
        },
        "same partner required": {
            "vi": "yêu cầu cùng một người chồng/bạn đời",
            "zh_Hans": "要求同一伴侣",
            "tr": "aynı eş gerekir",
        },
        "clinical confirmation required": {
            "vi": "yêu cầu xác nhận lâm sàng",
            "zh_Hans": "要求临床确认",
            "tr": "klinik doğrulama gerekir",
        },
        "count biochemical": {
            "vi": "tính thai sinh hóa",
            "zh_Hans": "计入生化妊娠",
            "tr": "biyokimyasal gebelikler sayılır",
        },
        "count ectopic": {
            "vi": "tính thai ngoài tử cung",
            "zh_Hans": "计入异位妊娠",
            "tr": "dış gebelikler sayılır",
        },
        "count molar": {
            "vi": "tính thai trứng",
            "zh_Hans": "计入葡萄胎",
            "tr": "molar gebelikler sayılır",
        },
        "count resolved pul": {
            "vi": "tính thai chưa rõ vị trí đã tự khỏi",
            "zh_Hans": "计入已消退的未知部位妊娠",
            "tr": "kendiliğinden gerileyen yeri bilinmeyen gebelikler sayılır",
        },
        # the classification's reasons for not counting a pregnancy, or not yet
        "live birth: not a loss": {
            "vi": "sinh con sống: không phải mất thai",
            "zh_Hans": "活产：不属于妊娠丢失",
            "tr": "canlı doğum: kayıp değil",
        },
        "pregnancy has not ended": {
            "vi": "thai kỳ chưa kết thúc",
            "zh_Hans": "妊娠尚未结束",
            "tr": "gebelik henüz sonlanmadı",
        },
        "induced abortion: not a spontaneous loss": {
            "vi": "phá thai chủ động: không phải mất thai tự nhiên",
            "zh_Hans": "人工流产：不属于自然妊娠丢失",
            "tr": "isteyerek düşük: kendiliğinden kayıp değil",
        },
        "ectopic pregnancy: not counted under this profile": {
            "vi": "thai ngoài tử cung: không được tính theo hướng dẫn này",
            "zh_Hans": "异位妊娠：按此指南配置不计入",
            "tr": "dış gebelik: bu profile göre sayılmaz",
        },
        "molar pregnancy: not counted under this profile": {
            "vi": "thai trứng: không được tính theo hướng dẫn này",
            "zh_Hans": "葡萄胎：按此指南配置不计入",
            "tr": "molar gebelik: bu profile göre sayılmaz",
        },
        "biochemical loss (hCG only): not counted under this profile": {
            "vi": "thai sinh hóa (chỉ có hCG): không được tính theo hướng dẫn này",
            "zh_Hans": "生化妊娠丢失（仅 hCG 阳性）：按此指南配置不计入",
            "tr": "biyokimyasal kayıp (yalnızca hCG): bu profile göre sayılmaz",
        },
        "pregnancy of unknown location: not counted under this profile": {
            "vi": "thai chưa rõ vị trí: không được tính theo hướng dẫn này",
            "zh_Hans": "未知部位妊娠：按此指南配置不计入",
            "tr": "yeri bilinmeyen gebelik: bu profile göre sayılmaz",
        },
        "confirmed by hCG only: not a clinical pregnancy under this profile": {
            "vi": "chỉ xác nhận bằng hCG: không phải thai lâm sàng theo hướng dẫn này",
            "zh_Hans": "仅经 hCG 确认：按此指南配置不属于临床妊娠",
            "tr": "yalnızca hCG ile doğrulandı: bu profile göre klinik gebelik değil",
        },
        "with a different partner: not counted": {
            "vi": "với người chồng/bạn đời khác: không được tính",
            "zh_Hans": "与其他伴侣的妊娠：不计入",
            "tr": "farklı bir eşten: sayılmaz",
        },
        "counts only if the pregnancy was seen on ultrasound or confirmed by histology": {
            "vi": "chỉ được tính nếu thai đã thấy trên siêu âm hoặc được xác nhận bằng mô bệnh học",
            "zh_Hans": "仅当超声可见妊娠或经组织病理学确认时才计入",
            "tr": "yalnızca gebelik ultrasonda görüldüyse veya histolojiyle doğrulandıysa sayılır",
        },
        "counts only if the loss was with the current partner": {
            "vi": "chỉ được tính nếu lần mất thai là với người chồng/bạn đời hiện tại",
            "zh_Hans": "仅当该次妊娠丢失与现伴侣有关时才计入",
            "tr": "yalnızca kayıp şimdiki eşten ise sayılır",
        },
        "fetal death at %(weeks)d+%(days)d weeks: at or beyond this profile's %(limit)d-week limit for a loss": {
            "vi": "thai chết lúc %(weeks)d+%(days)d tuần: bằng hoặc vượt giới hạn %(limit)d tuần để tính là mất thai theo hướng dẫn này",
            "zh_Hans": "孕 %(weeks)d+%(days)d 周胎儿死亡：达到或超过此指南配置计为妊娠丢失的 %(limit)d 周上限",
            "tr": "%(weeks)d+%(days)d haftada fetal ölüm: bu profilin kayıp için %(limit)d haftalık sınırında veya ötesinde",
        },
        "fetal death (stillbirth): at or beyond this profile's %(limit)d-week limit for a loss": {
            "vi": "thai chết lưu: bằng hoặc vượt giới hạn %(limit)d tuần để tính là mất thai theo hướng dẫn này",
            "zh_Hans": "胎儿死亡（死产）：达到或超过此指南配置计为妊娠丢失的 %(limit)d 周上限",
            "tr": "fetal ölüm (ölü doğum): bu profilin kayıp için %(limit)d haftalık sınırında veya ötesinde",
        },
        # triage
        "level": {"vi": "mức độ", "zh_Hans": "级别", "tr": "düzey"},
        "action": {"vi": "việc cần làm", "zh_Hans": "处理", "tr": "yapılacak"},
        "reasons": {"vi": "lý do", "zh_Hans": "原因", "tr": "nedenler"},
        "tell clinic": {
            "vi": "cần báo cho phòng khám",
            "zh_Hans": "需告知诊所",
            "tr": "kliniğe söylenecekler",
        },
        "rules": {"vi": "quy tắc", "zh_Hans": "规则", "tr": "kurallar"},
        # plan items, findings, missing data
        "recommendation": {"vi": "khuyến cáo", "zh_Hans": "推荐", "tr": "öneri"},
        "status": {"vi": "tình trạng", "zh_Hans": "状态", "tr": "durum"},
        "result": {"vi": "kết quả", "zh_Hans": "结果", "tr": "sonuç"},
        "reason": {"vi": "lý do", "zh_Hans": "理由", "tr": "gerekçe"},
        "detail": {"vi": "chi tiết", "zh_Hans": "详情", "tr": "ayrıntı"},
        "why": {"vi": "tại sao cần", "zh_Hans": "为何需要", "tr": "neden gerekli"},
        # prognosis
        "note": {"vi": "ghi chú", "zh_Hans": "备注", "tr": "not"},
        "chance of a live birth in the next pregnancy": {
            "vi": "khả năng sinh con sống ở lần mang thai tới",
            "zh_Hans": "下次妊娠活产的机会",
            "tr": "bir sonraki gebelikte canlı doğum şansı",
        },
        "model": {"vi": "mô hình", "zh_Hans": "模型", "tr": "tahmin modeli"},
        "caveat": {"vi": "lưu ý", "zh_Hans": "注意事项", "tr": "uyarı"},
        "evidence": {"vi": "bằng chứng", "zh_Hans": "证据", "tr": "kanıt"},
        "%(estimate)d %% (published figures around her: %(low)d %% to %(high)d %%)": {
            "vi": "%(estimate)d %% (các số liệu đã công bố gần với trường hợp này: %(low)d %% đến %(high)d %%)",
            "zh_Hans": "%(estimate)d %%（与她情况相近的已发表数据：%(low)d %% 至 %(high)d %%）",
            "tr": "%%%(estimate)d (onun durumuna yakın yayımlanmış değerler: %%%(low)d ile %%%(high)d arası)",
        },
        "%(low)d %% to %(high)d %% (no single figure for her: the two neighbouring published figures)": {
            "vi": "%(low)d %% đến %(high)d %% (không có một số liệu riêng cho trường hợp này: đây là hai số liệu đã công bố liền kề)",
            "zh_Hans": "%(low)d %% 至 %(high)d %%（没有针对她的单一数值：此为相邻的两个已发表数据）",
            "tr": "%%%(low)d ile %%%(high)d arası (onun için tek bir değer yok: yayımlanmış iki komşu değer)",
        },
        "no estimate": {"vi": "chưa có ước tính", "zh_Hans": "暂无估计", "tr": "tahmin yok"},
        # values
        "yes": {"vi": "có", "zh_Hans": "是", "tr": "evet"},
        "no": {"vi": "không", "zh_Hans": "否", "tr": "hayır"},
        "unknown": {"vi": "chưa rõ", "zh_Hans": "未知", "tr": "bilinmiyor"},
        "none": {"vi": "không có", "zh_Hans": "无", "tr": "yok"},
        "not applicable": {"vi": "không áp dụng", "zh_Hans": "不适用", "tr": "uygulanamaz"},
        "not available": {"vi": "không có dữ liệu", "zh_Hans": "不可用", "tr": "mevcut değil"},
        "recommended": {"vi": "khuyến cáo", "zh_Hans": "推荐", "tr": "önerilir"},
        "conditional": {"vi": "có điều kiện", "zh_Hans": "有条件推荐", "tr": "koşullu"},
        "not recommended": {"vi": "không khuyến cáo", "zh_Hans": "不推荐", "tr": "önerilmez"},
        "research only": {
            "vi": "chỉ trong nghiên cứu",
            "zh_Hans": "仅限研究",
            "tr": "yalnızca araştırma kapsamında",
        },
        "Your clinic needs more information to decide about": {
            "vi": "Phòng khám cần thêm thông tin để quyết định về",
            "zh_Hans": "诊所还需要更多信息才能决定的事项",
            "tr": "Kliniğinizin karar vermek için daha fazla bilgiye ihtiyaç duyduğu konular",
        },
        "to do": {"vi": "cần làm", "zh_Hans": "待做", "tr": "yapılacak"},
        "done": {"vi": "đã làm", "zh_Hans": "已完成", "tr": "yapıldı"},
        "repeat": {"vi": "làm lại", "zh_Hans": "需复查", "tr": "tekrarlanacak"},
        "not needed": {"vi": "không cần", "zh_Hans": "无需", "tr": "gerekmiyor"},
        "normal": {"vi": "bình thường", "zh_Hans": "正常", "tr": "normal sonuç"},
        "abnormal": {"vi": "bất thường", "zh_Hans": "异常", "tr": "anormal"},
        "indeterminate": {"vi": "không xác định", "zh_Hans": "不确定", "tr": "belirsiz sonuç"},
        "present": {"vi": "có", "zh_Hans": "存在", "tr": "var"},
        "absent": {"vi": "không có", "zh_Hans": "不存在", "tr": "yok"},
        "possible": {"vi": "có thể có", "zh_Hans": "可能存在", "tr": "olası"},
        "emergency": {"vi": "cấp cứu", "zh_Hans": "紧急", "tr": "acil"},
        "urgent": {"vi": "khẩn", "zh_Hans": "紧迫", "tr": "acele"},
        "soon": {"vi": "sớm", "zh_Hans": "尽快", "tr": "yakında"},
        "routine": {"vi": "thường quy", "zh_Hans": "常规", "tr": "rutin"},
        "type of recurrent pregnancy loss\x04primary": {
            "vi": "nguyên phát",
            "zh_Hans": "原发性",
            "tr": "primer",
        },
        "type of recurrent pregnancy loss\x04secondary": {
            "vi": "thứ phát",
            "zh_Hans": "继发性",
            "tr": "sekonder",
        },
        # strength labels in our own words (a source's own grade is shown as it is)
        "strong": {"vi": "mạnh", "zh_Hans": "强推荐", "tr": "güçlü"},
        "offer": {"vi": "nên đề nghị", "zh_Hans": "应提供", "tr": "sunulmalı"},
        "ungraded": {"vi": "không phân mức", "zh_Hans": "未分级", "tr": "derecelendirilmemiş"},
        "classification criteria (ungraded)": {
            "vi": "tiêu chuẩn phân loại (không phân mức)",
            "zh_Hans": "分类标准（未分级）",
            "tr": "sınıflandırma ölçütleri (derecelendirilmemiş)",
        },
        # empty texts
        "nothing in this section": {
            "vi": "không có mục nào",
            "zh_Hans": "本节无内容",
            "tr": "bu bölümde bir şey yok",
        },
        "no current pregnancy recorded": {
            "vi": "không ghi nhận thai kỳ hiện tại",
            "zh_Hans": "未记录本次妊娠",
            "tr": "kayıtlı mevcut gebelik yok",
        },
        "no rule fired": {
            "vi": "không có quy tắc nào được áp dụng",
            "zh_Hans": "没有触发任何规则",
            "tr": "hiçbir kural uygulanmadı",
        },
        # plan codes without a plain name before (the patient report shows them too)
        "Surgery to remove scar tissue inside the womb (adhesiolysis)": {
            "vi": "Phẫu thuật gỡ dính buồng tử cung",
            "zh_Hans": "宫腔粘连分离术",
            "tr": "Rahim içi yapışıklıkların cerrahi olarak açılması (adezyolizis)",
        },
        "Blood thinners for an inherited clotting disorder": {
            "vi": "Thuốc chống đông cho rối loạn đông máu di truyền",
            "zh_Hans": "针对遗传性易栓症的抗凝治疗",
            "tr": "Kalıtsal pıhtılaşma bozukluğu için kan sulandırıcılar",
        },
        "Low-dose aspirin and heparin for antiphospholipid syndrome": {
            "vi": "Aspirin liều thấp và heparin cho hội chứng kháng phospholipid",
            "zh_Hans": "抗磷脂综合征的低剂量阿司匹林加肝素治疗",
            "tr": "Antifosfolipid sendromu için düşük doz aspirin ve heparin",
        },
        "Aspirin or heparin when no cause is found": {
            "vi": "Aspirin hoặc heparin khi không tìm thấy nguyên nhân",
            "zh_Hans": "原因不明时使用阿司匹林或肝素",
            "tr": "Neden bulunamadığında aspirin veya heparin",
        },
        "Medicine to lower prolactin (dopamine agonist)": {
            "vi": "Thuốc làm giảm prolactin (đồng vận dopamine)",
            "zh_Hans": "降低催乳素的药物（多巴胺受体激动剂）",
            "tr": "Prolaktini düşüren ilaç (dopamin agonisti)",
        },
        "Removal of a fibroid or polyp inside the womb": {
            "vi": "Cắt bỏ u xơ hoặc polyp trong buồng tử cung",
            "zh_Hans": "切除宫腔内肌瘤或息肉",
            "tr": "Rahim boşluğundaki miyom veya polipin alınması",
        },
        "Surgery to reshape the womb (metroplasty)": {
            "vi": "Phẫu thuật tạo hình tử cung",
            "zh_Hans": "子宫成形术",
            "tr": "Rahmin cerrahi olarak yeniden şekillendirilmesi (metroplasti)",
        },
        "Surgery to remove a septum inside the womb": {
            "vi": "Phẫu thuật cắt vách ngăn tử cung",
            "zh_Hans": "子宫纵隔切除术",
            "tr": "Rahim içindeki septumun cerrahi olarak alınması",
        },
        "G-CSF injections": {
            "vi": "Tiêm G-CSF",
            "zh_Hans": "注射 G-CSF",
            "tr": "G-CSF enjeksiyonları",
        },
        "hCG injections": {"vi": "Tiêm hCG", "zh_Hans": "注射 hCG", "tr": "hCG enjeksiyonları"},
        "Intralipid infusions": {
            "vi": "Truyền Intralipid",
            "zh_Hans": "输注脂肪乳（Intralipid）",
            "tr": "Intralipid infüzyonları",
        },
        "Immunoglobulin infusions (IVIG)": {
            "vi": "Truyền globulin miễn dịch tĩnh mạch (IVIG)",
            "zh_Hans": "静脉注射免疫球蛋白（IVIG）",
            "tr": "İntravenöz immünoglobulin (IVIG)",
        },
        "Thyroid hormone tablets (levothyroxine)": {
            "vi": "Viên hormone tuyến giáp (levothyroxine)",
            "zh_Hans": "甲状腺激素片（左甲状腺素）",
            "tr": "Tiroit hormonu tabletleri (levotiroksin)",
        },
        "Lymphocyte immunisation": {
            "vi": "Liệu pháp miễn dịch bằng tế bào lympho",
            "zh_Hans": "淋巴细胞免疫治疗",
            "tr": "Lenfosit immünizasyonu",
        },
        "Metformin": {"vi": "Thuốc metformin", "zh_Hans": "二甲双胍", "tr": "Metformin tedavisi"},
        "Steroid tablets (prednisolone)": {
            "vi": "Viên steroid (prednisolone)",
            "zh_Hans": "类固醇片（泼尼松龙）",
            "tr": "Steroid tabletleri (prednizolon)",
        },
        "Vitamin D supplement": {
            "vi": "Bổ sung vitamin D",
            "zh_Hans": "补充维生素D",
            "tr": "D vitamini takviyesi",
        },
        "Testing embryos for missing or extra chromosomes (PGT-A)": {
            "vi": "Xét nghiệm phôi tìm thiếu hoặc thừa nhiễm sắc thể (PGT-A)",
            "zh_Hans": "胚胎染色体非整倍体检测（PGT-A）",
            "tr": "Embriyolarda eksik veya fazla kromozom testi (PGT-A)",
        },
        "Testing embryos for a parent's chromosome rearrangement (PGT-SR)": {
            "vi": "Xét nghiệm phôi tìm sắp xếp lại nhiễm sắc thể của cha hoặc mẹ (PGT-SR)",
            "zh_Hans": "针对父母染色体结构重排的胚胎检测（PGT-SR）",
            "tr": "Embriyolarda ebeveynin kromozom yeniden düzenlenmesi testi (PGT-SR)",
        },
        "Stitch in the cervix because of a past loss (history-indicated cerclage)": {
            "vi": "Khâu vòng cổ tử cung vì tiền sử mất thai (khâu vòng theo chỉ định tiền sử)",
            "zh_Hans": "因既往妊娠丢失行宫颈环扎术（病史指征的环扎术）",
            "tr": "Önceki kayıp nedeniyle rahim ağzına dikiş (öykü endikasyonlu serklaj)",
        },
        "Stitch in the cervix if scans show it shortening (ultrasound-indicated cerclage)": {
            "vi": "Khâu vòng cổ tử cung nếu siêu âm thấy cổ tử cung ngắn lại (khâu vòng theo chỉ định siêu âm)",
            "zh_Hans": "超声显示宫颈缩短时行宫颈环扎术（超声指征的环扎术）",
            "tr": "Ultrasonda rahim ağzı kısalırsa dikiş (ultrason endikasyonlu serklaj)",
        },
        "Scans of the cervix in the next pregnancy": {
            "vi": "Siêu âm theo dõi cổ tử cung ở lần mang thai tới",
            "zh_Hans": "下次妊娠时超声监测宫颈",
            "tr": "Bir sonraki gebelikte rahim ağzının ultrasonla izlenmesi",
        },
        "Progesterone for bleeding in early pregnancy": {
            "vi": "Progesterone khi ra máu trong giai đoạn đầu thai kỳ",
            "zh_Hans": "孕早期出血时使用孕酮",
            "tr": "Erken gebelikte kanama olduğunda progesteron",
        },
        "Progesterone without bleeding": {
            "vi": "Progesterone khi không ra máu",
            "zh_Hans": "无出血时使用孕酮",
            "tr": "Kanama yokken progesteron",
        },
        # findings
        "Antiphospholipid syndrome (Sydney 2006 criteria)": {
            "vi": "Hội chứng kháng phospholipid (tiêu chuẩn Sydney 2006)",
            "zh_Hans": "抗磷脂综合征（2006 年悉尼标准）",
            "tr": "Antifosfolipid sendromu (Sidney 2006 ölçütleri)",
        },
        "Antiphospholipid syndrome (2023 ACR/EULAR criteria)": {
            "vi": "Hội chứng kháng phospholipid (tiêu chuẩn ACR/EULAR 2023)",
            "zh_Hans": "抗磷脂综合征（2023 年 ACR/EULAR 标准）",
            "tr": "Antifosfolipid sendromu (2023 ACR/EULAR ölçütleri)",
        },
        "History of cervical insufficiency": {
            "vi": "Tiền sử hở eo tử cung",
            "zh_Hans": "宫颈机能不全病史",
            "tr": "Rahim ağzı yetmezliği öyküsü",
        },
        "Endometrial polyp": {
            "vi": "Polyp nội mạc tử cung",
            "zh_Hans": "子宫内膜息肉",
            "tr": "Endometriyal polip",
        },
        "Submucosal fibroid": {
            "vi": "U xơ dưới niêm mạc",
            "zh_Hans": "黏膜下肌瘤",
            "tr": "Submukozal miyom",
        },
        "Hyperprolactinaemia": {
            "vi": "Tăng prolactin máu",
            "zh_Hans": "高催乳素血症",
            "tr": "Hiperprolaktinemi",
        },
        "Intrauterine adhesions": {
            "vi": "Dính buồng tử cung",
            "zh_Hans": "宫腔粘连",
            "tr": "Rahim içi yapışıklıklar",
        },
        "Obesity": {"vi": "Béo phì", "zh_Hans": "肥胖", "tr": "Obezite"},
        "Underweight": {"vi": "Thiếu cân", "zh_Hans": "体重过低", "tr": "Düşük kilo"},
        "Overt hypothyroidism": {
            "vi": "Suy giáp rõ",
            "zh_Hans": "临床甲状腺功能减退症",
            "tr": "Aşikâr hipotiroidi",
        },
        "Subclinical hypothyroidism": {
            "vi": "Suy giáp dưới lâm sàng",
            "zh_Hans": "亚临床甲状腺功能减退症",
            "tr": "Subklinik hipotiroidi",
        },
        "Thyroid autoimmunity": {
            "vi": "Tự miễn tuyến giáp",
            "zh_Hans": "甲状腺自身免疫",
            "tr": "Tiroit otoimmünitesi",
        },
        "Balanced translocation in a partner": {
            "vi": "Chuyển đoạn cân bằng ở một trong hai vợ chồng",
            "zh_Hans": "夫妇一方存在平衡易位",
            "tr": "Eşlerden birinde dengeli translokasyon",
        },
        "Other chromosome rearrangement in a partner": {
            "vi": "Sắp xếp lại nhiễm sắc thể khác ở một trong hai vợ chồng",
            "zh_Hans": "夫妇一方存在其他染色体重排",
            "tr": "Eşlerden birinde başka bir kromozom yeniden düzenlenmesi",
        },
        "Smoking": {"vi": "Hút thuốc lá", "zh_Hans": "吸烟", "tr": "Sigara içme"},
        "Aneuploidy in the pregnancy tissue": {
            "vi": "Lệch bội trong mô thai",
            "zh_Hans": "妊娠组织非整倍体",
            "tr": "Gebelik dokusunda anöploidi",
        },
        "Unbalanced structural chromosome abnormality in the pregnancy tissue": {
            "vi": "Bất thường cấu trúc nhiễm sắc thể không cân bằng trong mô thai",
            "zh_Hans": "妊娠组织不平衡染色体结构异常",
            "tr": "Gebelik dokusunda dengesiz yapısal kromozom anomalisi",
        },
        "Unexplained recurrent pregnancy loss": {
            "vi": "Sảy thai liên tiếp không rõ nguyên nhân",
            "zh_Hans": "不明原因复发性流产",
            "tr": "Açıklanamayan tekrarlayan gebelik kaybı",
        },
        "Septate uterus": {
            "vi": "Tử cung có vách ngăn",
            "zh_Hans": "纵隔子宫",
            "tr": "Septumlu rahim",
        },
        "Bicorporeal uterus": {
            "vi": "Tử cung hai thân",
            "zh_Hans": "双体子宫",
            "tr": "Bikorporeal rahim",
        },
    }
)

HEADERS = {
    "vi": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "tr": "nplurals=2; plural=(n > 1);",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote_block(lines: list[str]) -> str:
    return "".join(
        line.split(" ", 1)[1][1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if i == 0
        else line[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        for i, line in enumerate(lines)
    )


def fill(po_path: Path, language: str) -> int:
    """Write this table's translations into one .po file; returns how many entries it set."""
    out: list[str] = []
    written = 0
    for block in po_path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.split("\n")
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        if not ids:
            out.append(block)
            continue
        start = ids[0]
        end = next(i for i, line in enumerate(lines) if line.startswith(("msgid_plural", "msgstr")))
        msgid = _unquote_block(lines[start:end])
        context = [i for i, line in enumerate(lines[:start]) if line.startswith("msgctxt ")]
        if context:
            msgid = _unquote_block(lines[context[0] : start]) + "\x04" + msgid
        translation = T.get(msgid, {}).get(language) if msgid else None
        if translation is None:
            out.append(block)
            continue
        # Keep comments, drop a fuzzy flag and msgmerge's previous-msgid lines.
        head = [
            line.replace("#, fuzzy, ", "#, ").replace(", fuzzy", "")
            for line in lines[:start]
            if not line.startswith("#|") and line.strip() != "#, fuzzy"
        ]
        body_end = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        body = lines[start:body_end]
        if isinstance(translation, list):
            forms = [f"msgstr[{n}] {_quote(text)}" for n, text in enumerate(translation)]
        else:
            forms = [f"msgstr {_quote(translation)}"]
        out.append("\n".join([*head, *body, *forms]))
        written += 1
    po_path.write_text("\n\n".join(out), encoding="utf-8")
    return written


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1] / "locale"
    for language in HEADERS:
        written = fill(root / language / "LC_MESSAGES" / "django.po", language)
        print(f"{language}: {written} report entries written")
