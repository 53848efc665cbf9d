"""Names in other scripts where the sentence says a person stands, beyond faker's lists (intl22, atk22b HIGH-1..3).

faker's lists in these scripts miss the commonest real names (`王伟` is there, `鈴木一郎`, `محمد العلي`, `अभिनव शर्मा`,
`สมชาย ใจดี`, `יוסי כהן` are not read as names), so a name is found here by a common surname or given name and the
shape around it, each rule anchored on what marks a person:

- Chinese: a role noun glued before (`患者`, `客户`, `经理`, `同事`...), one of the 100 commonest surnames and one or
  two given characters, then a word that starts a predicate (`今天`, `投诉`, `批准`), a particle or punctuation:
  `患者王伟今天早上入院。`, `经理赵伟批准了预算。`. No word a surname's character starts (`客户高兴`, `员工陈述`).
- Japanese: a common surname (faker's ja_JP list) and one to three Han characters (or kana before an honorific:
  `鈴木さくら様`), then a particle, an honorific or punctuation, in a text with kana or after a Japanese label
  (`担当：`, `氏名`, `差出人:`); no place's, firm's or title's character in the given part (`松本市`, `山田電機`).
  Written apart (one space, ASCII or ideographic: `渡辺 裕子`), only after a person's label or before an honorific
  (`担当：渡辺 裕子（営業部）`, `渡辺 裕子 様`, `お客様名 佐藤 花子`; jath38, atk38 F13).
- Korean: a person's label (`담당자:`, `이름:`) then two to four syllables starting with a common surname.
- Arabic: one of the commonest given names that are no ordinary word (`محمد`, `نورة`, `فاطمة`) before an `ال` word
  (`محمد العلي`, `نورة القحطاني`), not an epithet (`مريم العذراء`).
- Devanagari: a word that is no ordinary Hindi word before one of the commonest surnames (`अभिनव शर्मा`,
  `शंकर वर्माजी`).
- Hebrew: a given-name-shaped word before one of the commonest surnames (`יוסי כהן`, `אבי פרץ`).
- Thai: a glued honorific (`คุณ`, `นาย`, `นาง`, `นางสาว`) or a role's noun or `ชื่อ:` before two words, the first
  a common given name or, after the honorific, no word an honorific starts (`คุณภาพ`) nor a verb after the pronoun.
  A self-introduction's cue glued to the name (`ผมชื่อสมชาย ใจดี ครับ`, `ดิฉันชื่อสุนิสา แก้วมณีค่ะ`, `ชื่อ ... นามสกุล
  ...`; jath38, atk38 F14): the given name runs to a space or a polite particle, the surname to the next one.
- Vietnamese: a common family name and one to three capitalised syllables (`Nguyễn Văn An`), not a street's name
  (`đường Lê Lợi`) nor `Hồ Chí Minh`.
- A value under a person's key in any of these scripts (`{"name": "محمد العلي"}`, `"氏名": "鈴木一郎"`): a whole
  name's shape with one part known by any list.

`with_script_names` adds these as PERSON where no other finding stands.
"""

from __future__ import annotations

import functools
import re
import unicodedata

Result = tuple[str, int, int, float]
_SCORE = 0.8

# ------------------------------------------------------------------------------------------------- Chinese

_ZH_ROLES = sorted(set("""
患者 病人 病患 客户 顾客 用户 员工 职员 经理 同事 老师
医生 护士 学生 经办人 负责人 联系人 申请人 收件人 寄件人 业主 租客
房东 乘客 会员 主管 总监 司机 律师 工程师 技术员 客服 销售 助理 秘书 店长 组长 主任 领导 老板 家属 学员 教练 队员 选手
嫌疑人 被告 原告 证人 委托人 代理人 投保人 被保险人 受益人 持卡人
借款人 担保人 股东 董事 总经理 部长 处长 科长 局长 院长
校长 班主任 审批人 发起人 提交人 报告人 记录人 填表人 访客 病友 居民
村民 住户 市民 网友 读者 作者 编辑 记者 演员 导演 教授
博士 研究员 实习生 新人 同学 室友 邻居 朋友 客人 买家 卖家
商户 房客 承租人 出租人 当事人 姓名 客戶 顧客 用戶 員工 職員 經理
醫生 護士 學生 經辦人 負責人 聯絡人 聯繫人 申請人 業主 乘客 會員
主管 總監 司機 律師 工程師 技術員 助理 秘書 組長 領導 老闆
家屬 學員 教練 隊員 嫌疑人 證人 委託人 代理人 董事 總經理 處長 局長 院長 校長 審批人 記錄人 訪客 鄰居 客人 賣家 當事人
""".split()), key=len, reverse=True)
# A predicate's first word after a name: a time, a verb a person does, a modal.
_ZH_AFTER_WORDS = frozenset("""
今天 昨天 明天 今早 昨晚 今晚 明早 上午 下午 早上 晚上 中午 刚才 刚刚 已经 正在 目前 现在 近期 最近 上周 下周
本周 上月 下月 本月 去年 今年 投诉 申请 批准 请假 发烧 入院 出院 就诊 住院 手术 咳嗽 表示 反映 反馈 提交 提出
要求 需要 希望 确认 联系 来电 致电 打电话 发来 发送 回复 报告 提到 认为 同意 拒绝 负责 完成 参加 出席 缺席 离职
入职 签署 签字 购买 订购 退货 退款 咨询 询问 预约 取消 主诉 自述 因为 由于 没有 不是 可以 应该 出现 感到 患有
诊断 报销 支付 付款 收到 查询 登录 注册 修改 更新 使用 下单 评价 留言 通过 开始 结束 继续 工作 带领 安排 告诉
通知 说明 指出 解释 承认 否认 答应 建议 昨日 今日 明日 當天 已經 現在 最近 投訴 申請 批准 請假 發燒 入院 住院
表示 反映 提交 要求 需要 希望 確認 聯繫 回覆 報告 認為 同意 拒絕 負責 完成 參加 離職 簽署 購買 退貨 退款 諮詢
詢問 預約 取消 沒有 應該 出現 感到 診斷 支付 付款 收到 通過 開始 結束 繼續 工作 安排 告訴 通知 說明 建議 血压
血壓 体温 體溫 病情 本人 一直 多次 再次 突然 不慎 主动 主動 准备 準備
""".split())
_ZH_AFTER_CHARS = frozenset("，。、；：！？,.;:!?)）」』”\"'\n\t 的在是说說"
                            "已将將会會要和与與及跟被把向对對给給也都还還又于於因称稱了曾等")
# What no given name holds: function characters, pronouns, time units, and a title's first character.
_ZH_NOT_GIVEN = frozenset("的了是在不也都和与與及这這那个個些们們我你他她它就"
                          "把被让讓给給对對向从從到已将將会會要能可以说說有没沒"
                          "去来來上下中里裡外前后後时時年月日天号號点點分人者员員家等其此该該每各某所为為而且但或并並于於自之才"
                          "再很太最更多少先女总總老经經医醫师師姐哥叔姨妈媽爸主部科处處局院校厂廠律教氏夫士生工同")
# Words a surname's character starts, after a role's noun (`客户高兴`, `患者康复`, `员工陈述`).
_ZH_WORDS = frozenset("""
高兴 高興 高烧 高燒 高血 高度 高级 高級 高温 高溫 高峰 高考 高层 高層 高效 高速 高压 高壓 高龄 高齡 高危 高热
高熱 康复 康復 王国 王國 王者 王牌 张开 張開 张贴 張貼 张罗 張羅 陈述 陳述 陈列 陳列 陈旧 陳舊 黄金 黃金 黄色
黃色 黄昏 黃昏 黄疸 黃疸 周末 周围 周圍 周期 周年 周边 周邊 周到 周转 周轉 周日 周一 周二 周三 周四 周五 周六
马上 馬上 马虎 馬虎 马路 馬路 林业 林業 方面 方法 方案 方向 方便 方式 方针 方針 程序 程度 许多 許多 许可 許可
许久 許久 何时 何時 何况 何況 何处 何處 何必 任何 任务 任務 任意 任职 任職 金额 金額 金钱 金錢 金融 金属 金屬
钱包 錢包 钱财 錢財 江湖 胡说 胡說 胡乱 胡亂 余额 餘額 余下 余地 叶子 葉子 白天 白色 白班 万一 萬一 万元 萬元
万分 萬分 石头 石頭 石膏 石油 毛病 毛发 毛髮 毛巾 孔雀 时间 時間 曾经 曾經 曾多 曾在 曾于 曾於 曾因 曾被 曾向
曾对 曾對 曾有 曾是 曾两 曾兩 曾一 曾三 曾几 曾幾 董事 苏醒 蘇醒 苏州 蘇州 苏联 蘇聯 范围 範圍 陆续 陸續 陆地
陸地 戴口 戴着 戴著 戴上 戴了 熊猫 熊貓 黎明 陶瓷 顾问 顧問 顾客 顧客 顾及 顧及 严重 嚴重 严格 嚴格 严肃 嚴肅
严禁 嚴禁 严寒 嚴寒 莫名 莫非 萧条 蕭條 韩国 韓國 韩语 韓語 郑重 鄭重 罗列 羅列 孙子 孫子 徐徐 杨树 楊樹 李子
龙头 龍頭 江苏 江蘇 江西 武汉 武漢 金华 金華 黄山 黃山 唐山 许昌 許昌 余杭 余姚 马来 馬來 石家 夏天 夏季 谢谢
謝謝 谢绝 謝絕 段落 雷达 雷達 贺卡 賀卡 武器 田间 田間 丁香 钟表 鐘錶 钟点 鐘點 姜汁 薑汁 鞠躬 邓小 孟加 秦皇
白领 白領 江河 杜绝 杜絕 程式 黄油 黃油 安全 安排 安装 安裝 安静 安靜 安慰 成功 成本 成为 成為 成员 成員 成绩
成績 成立 关于 關於 关注 關注 关系 關係 沈默 洪水 史上 宋朝 唐朝 朱红 朱紅 龚? 潘多 魏晋 魏晉 吕布 呂布 卢布
盧布 傅里 崔嵬 谭腿 廖廓 汪洋 韦伯 韋伯 侯爵 邹? 薛定 阎王 閻王 段时 段時 龙卷 龍捲 郝? 邵? 赖账 賴賬 覃? 莫斯
孔子 蔡? 彭湃 曹操 冯? 邓? 梁上 郭? 齐全 齊全 齐心 齊心 袁? 潘? 田地 谢? 魏? 石头 易于 易於
""".split()) - {w for w in "龚? 邹? 郝? 邵? 覃? 蔡? 冯? 邓? 郭? 袁? 潘? 谢? 魏?".split()}


@functools.cache
def _zh_surnames() -> frozenset[str]:
    from proxy.nlp.techwords import _common_surnames

    return _common_surnames()


def _zh_next(text: str, k: int) -> int:
    """How strongly what starts at `k` ends a name: 2 a predicate's word, 1 a particle or punctuation, else 0."""
    if k >= len(text):
        return 1
    if text[k:k + 2] in _ZH_AFTER_WORDS or text[k:k + 3] in _ZH_AFTER_WORDS:
        return 2
    return 1 if text[k] in _ZH_AFTER_CHARS else 0


_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def chinese_role_names(text: str) -> list[tuple[int, int]]:
    """`患者王伟今天...`: a role's noun, a common surname and one or two given characters before a predicate."""
    if not any(r in text for r in ("人", "者", "户", "戶", "员", "員", "理", "事", "师", "師", "生", "士", "主",
                                   "长", "長", "东", "東", "客", "导", "導", "板", "属", "屬", "友", "民", "家",
                                   "名", "告", "監", "监", "机", "機", "服", "售", "秘", "领", "領", "编", "編",
                                   "记", "記", "演", "授", "卖", "賣", "买", "買", "商", "居", "邻", "鄰")):
        return []
    surnames = _zh_surnames()
    out: list[tuple[int, int]] = []
    for role in _ZH_ROLES:
        start = 0
        while (at := text.find(role, start)) >= 0:
            start = at + 1
            i = at + len(role)
            if text[i:i + 1] in (":", "：", " ", "\u3000"):
                i += 1
            if text[i:i + 1] not in surnames or text[i:i + 2] in _ZH_WORDS:
                continue
            best, best_end = 0, 0
            for gl in (1, 2):
                end = i + 1 + gl
                given = text[i + 1:end]
                if len(given) != gl or not all(_HAN_CHAR.match(c) and c not in _ZH_NOT_GIVEN for c in given):
                    break
                if gl == 2 and text[i + 1:i + 3] in _ZH_AFTER_WORDS:
                    break
                score = _zh_next(text, end)
                if score > best:
                    best, best_end = score, end
            if best:
                out.append((i, best_end))
    return out


# ------------------------------------------------------------------------------------------------- Japanese

_KANA = re.compile(r"[\u3040-\u30ff]")
_JA_LABEL = re.compile(r"(?:担当者?|氏名|名前|お名前|差出人|送信者|宛先|"
                       r"申請者|申込者|依頼者|作成者|患者|顧客|署名|代表者|"
                       r"連絡先|責任者|承認者|報告者|記入者|受取人|契約者|担当者は|"
                       r"担当は)[ \t\u3000]*[:：]?[ \t\u3000]*$")
_JA_AFTER = frozenset("はがをにのともへでや、。，．,.:：!?！？」』）)\n\t <　")
_JA_HONORIFICS = ("様", "さま", "さん", "ちゃん", "くん", "君", "氏", "殿")
# Characters of a place, a firm, a building or a title: no given name's (`松本市`, `山田電機`, `田中先生`).
_JA_NOT_GIVEN = frozenset("県縣市町村区區郡駅線港湾大学校院銀行社店屋館園寺"
                          "神宮堂家氏様君殿部課長製薬電機工業産業建設商事物"
                          "産株式会組所局署庁省党派系号版型先生担当係主任教授博士議員委理事専務常務選手監督容疑被告夫人宅邸"
                          "川山橋島田谷野原沢澤岡崎本村井上下中内口前後東西南北通丁目番地階号室病医科薬局県警府都道区年月日時分"
                          "円万億個件回名人達等的車城運輸食品自動流交機械器具設不証券保険託力石油化材料鉄鋼技術研究開発情報刷新聞放送映画楽"
                          "紙務舗苑荘亭酒造醸茶菓米麺肉魚水農牧場線路港空")


@functools.cache
def _ja_surnames() -> frozenset[str]:
    from faker.providers.person.ja_JP import Provider

    return frozenset(s for s in Provider.last_names if len(s) >= 2) | frozenset(
        {"渡邊", "渡邉", "齋藤", "菅原", "高木", "福田", "太田", "藤井", "西村", "藤原", "岡本", "松田", "中川", "中野",
         "原田", "小野", "田村", "竹内", "金子", "和田", "中山", "石田", "上田", "森田", "原", "柴田", "酒井", "工藤",
         "横"
         "山", "宮崎", "宮本", "内田", "高野", "安藤", "谷口", "大野", "丸山", "今井", "河野", "藤本", "村田", "武田"})


def japanese_names(text: str) -> list[tuple[int, int]]:
    """`担当：鈴木一郎`, `患者渡辺蓮は`, `鈴木さくら様`: a common surname and a given name before a particle, an
    honorific or punctuation (see the module's docstring)."""
    kana = _KANA.search(text) is not None
    out: list[tuple[int, int]] = []
    for surname in _ja_surnames():
        start = 0
        while (at := text.find(surname, start)) >= 0:
            start = at + 1
            i = at + len(surname)
            if text[i:i + 1] in (" ", "\u3000"):  # family name, a space, given name (jath38, atk38 F13)
                if (hit := _ja_spaced(text, at, i + 1)) is not None:
                    out.append(hit)
                continue
            if not kana and _JA_LABEL.search(text, max(0, at - 12), at) is None:
                continue
            if at > 0 and _HAN_CHAR.match(text[at - 1]) and _JA_LABEL.search(text, max(0, at - 12), at) is None \
                    and text[at - 2:at] not in ("患者", "顧客", "担当", "社員", "部長", "課長"):
                continue
            hit = None
            # kana given names only before an honorific (`鈴木さくら様`): kana after a surname is mostly a particle
            m = re.match(r"[\u3041-\u3096]{2,4}|[\u30a1-\u30fa\u30fc]{2,5}", text[i:])
            if m and text.startswith(_JA_HONORIFICS, i + m.end()):
                hit = (at, i + m.end())
            if hit is None:
                for gl in (1, 2, 3):
                    given = text[i:i + gl]
                    if len(given) < gl or not _HAN_CHAR.match(given[-1]) or any(c in _JA_NOT_GIVEN for c in given):
                        break
                    nxt = text[i + gl:i + gl + 1]
                    if (not nxt or nxt in _JA_AFTER or text.startswith(_JA_HONORIFICS, i + gl)) and (
                            kana or nxt in ("", "\n", " ", "\u3000", ":", "：", "<", "\t", "(", "（")):
                        hit = (at, i + gl)
            if hit:
                out.append(hit)
    if " " in text or "\u3000" in text:  # the commonest surnames faker's lists lack, written apart (`小松 美奈子 様`)
        for surname in _ja_more_surnames():
            for sep in (" ", "\u3000"):
                start = 0
                while (at := text.find(surname + sep, start)) >= 0:
                    start = at + 1
                    if (hit := _ja_spaced(text, at, at + len(surname) + 1)) is not None:
                        out.append(hit)
    return out


@functools.cache
def _ja_more_surnames() -> frozenset[str]:
    from proxy.nlp.cued import _JA_LAST
    from proxy.nlp.names import native_names

    han = native_names().last.get("han", frozenset())
    return frozenset(s for s in _JA_LAST | han if len(s) >= 2) - _ja_surnames()


# A person's cue a spaced name follows (besides `_JA_LABEL`'s): `お客様名 佐藤 花子`, `宛名：高橋 健太`.
_JA_SPACED_LABEL = re.compile(r"(?:お客様名?|お客さま|宛名|受信者|受取人|営業担当|ご担当|担当者名|To|From)"
                              r"[ \t\u3000]*[:：]?[ \t\u3000]*$")
_JA_SPACED_GIVEN = re.compile(r"[\u4e00-\u9fff\u3005]{1,3}|[\u3041-\u3096]{2,4}|[\u30a1-\u30fa\u30fc]{2,5}")
_JA_BEFORE_SPACED = frozenset("（(【「『<＜")
# Characters `_JA_NOT_GIVEN` holds that common given names have (`大輔`, `直人`, `博之`, `達也`, `研一`, `真理`,
# `和夫`), in a spaced name's frame; not the words they make (`大学`, `大人`).
_JA_NAME_CHARS = frozenset("大人学博達研理夫")
_JA_NAME_WORDS = frozenset({"大学", "大人", "人達", "博士", "研究", "理事", "理由", "夫人", "人", "大", "学", "夫"})


def _ja_spaced(text: str, at: int, i: int) -> tuple[int, int] | None:
    """`担当：渡辺 裕子（営業部）`, `渡辺 裕子 様`, `差出人: 高橋 健太 <...>` (jath38, atk38 F13): a common surname, one
    space (ASCII or ideographic) and one to three Han characters (kana only before an honorific), after a person's
    label or before an honorific (glued or one space apart); no place's, firm's or title's character in the given
    part (`東京 本社`, `営業 部長`, `トヨタ 自動車` stay)."""
    m = _JA_SPACED_GIVEN.match(text, i)
    if m is None or at > 0 and (_HAN_CHAR.match(text[at - 1]) or _KANA.match(text[at - 1])):
        return None
    labelled = _JA_LABEL.search(text, max(0, at - 12), at) is not None \
        or _JA_SPACED_LABEL.search(text, max(0, at - 12), at) is not None
    han = _HAN_CHAR.match(m.group()) is not None or m.group()[0] == "\u3005"
    for end in range(m.end(), i, -1):
        given = text[i:end]
        if any(c in _JA_NOT_GIVEN and c not in _JA_NAME_CHARS for c in given) or given in _JA_NAME_WORDS:
            continue
        rest = end + 1 if text[end:end + 1] in (" ", "\u3000") else end
        honoured = text.startswith(_JA_HONORIFICS + ("先生",), rest)
        if not honoured and not (han and labelled and end == m.end()):
            continue
        if honoured or end == len(text) or text[end] in _JA_AFTER or text[end] in _JA_BEFORE_SPACED:
            return at, end
    return None


# ------------------------------------------------------------------------------------------------- Korean

_KO_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류전홍고문양손배"
                         "백허유남심노하곽성차주우구민진나지엄채원천방공현함변염"
                         "여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈")
_KO_LABEL = re.compile(r"(?:담당자|담당|이름|성명|고객명|고객|환자명|환자|"
                       r"작성자|보낸 사람|받는 사람|보낸사람|받는사람|신청자|"
                       r"수신자|발신자|수신|발신|대표자|책임자|승인자|요청자|문의자|예약자)[ \t]*[:：][ \t]*"
                       r"(?P<name>[\uac00-\ud7a3]{2,4})(?=$|[\s,.;:)/(]|님|씨)")
_KO_NOT_NAMES = frozenset({"정보", "미정", "없음", "전체", "관리자", "미지정", "공란", "본인", "고객", "담당", "이름",
                           "성명", "기타", "회사", "정상", "완료", "대기", "진행", "확인", "홍보", "고객님", "관리",
                           "운영자", "시스템", "자동", "미상", "무명", "익명", "공통", "공용", "신규", "전원"})


def korean_labelled(text: str) -> list[tuple[int, int]]:
    """`담당자: 정하늘`: a person's label, then a name starting with a common surname."""
    out = []
    for m in _KO_LABEL.finditer(text):
        name = m.group("name")
        if name[0] in _KO_SURNAMES and not _ko_not_name(name):
            out.append(m.span("name"))
    return out


def _ko_not_name(name: str) -> bool:
    """Whether Hangul `name` is a word (`미정`, `정보팀`) rather than a name."""
    return name in _KO_NOT_NAMES or name.endswith(("팀", "부", "과", "실", "센터", "회사", "그룹", "님")) \
        or name[:2] in _KO_NOT_NAMES


# ------------------------------------------------------------------------------------------------- Arabic

# The commonest given names that are no ordinary word (not `سعيد` happy, `أمل` hope, `صالح` valid, `علي` ~ `على`).
_AR_GIVEN = frozenset("""
محمد أحمد احمد محمود مصطفى يوسف إبراهيم ابراهيم خالد عمر عثمان عبدالله عبدالرحمن عبدالعزيز عبدالرحيم عبدالكريم عبدالملك
حسين فيصل سعود طارق ياسر هشام زياد سلمان نواف عبدالإله عبدالاله
إسماعيل اسماعيل موسى عيسى داود سليمان يعقوب إسحاق زكريا يحيى بلال حمزة أنس انس معاذ عمار ياسين مازن
فاطمة مريم نورة نوره عائشة عايشة خديجة زينب سارة ساره ليلى هند لطيفة أسماء اسماء رنا لمى رهف غادة
هيفاء رقية حليمة آمنة امنة سلمى لينا دينا رانيا ياسمين شيماء منيرة
""".split())
_AR_EPITHETS = frozenset({"العذراء", "الصديق", "النبي", "الرسول", "المصطفى", "الأمين", "الخير", "المبارك", "الكريم",
                          "الشريف", "العظيم", "الثاني", "الأول", "الثالث", "الفاتح", "الخليل", "الكليم", "المسيح",
                          "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"})
_AR_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff]+")


def arabic_names(text: str) -> list[tuple[int, int]]:
    """`محمد العلي`, `نورة القحطاني`: a common given name, optionally a glued `و`/`ل`/`ب`, before an `ال` word."""
    words = list(_AR_WORD.finditer(text))
    out = []
    for k in range(len(words) - 1):
        w, nxt = words[k], words[k + 1]
        given = w.group()
        a = w.start()
        if given not in _AR_GIVEN and given[:1] in "ولب" and given[1:] in _AR_GIVEN:
            a += 1
            given = given[1:]
        family = nxt.group()
        between = text[w.end():nxt.start()]
        if given in _AR_GIVEN and between in (" ", "\u00a0") and family.startswith("ال") and len(family) >= 5 \
                and family not in _AR_EPITHETS:
            out.append((a, nxt.end()))
    return out


# ------------------------------------------------------------------------------------------------- Devanagari

_HI_SURNAMES = frozenset("""
शर्मा वर्मा गुप्ता सिंह यादव मिश्रा मिश्र पटेल जैन अग्रवाल तिवारी पांडे पाण्डेय पांडेय चौधरी श्रीवास्तव सक्सेना मेहता शाह जोशी
रेड्डी नायर दुबे शुक्ला त्रिपाठी राठौर चौहान ठाकुर भट्ट मल्होत्रा कपूर खन्ना बंसल गोयल मित्तल सिन्हा बनर्जी मुखर्जी चटर्जी
नायडू पिल्लई अय्यर देसाई कुलकर्णी पाटिल शेख़ शेख खान अंसारी कुशवाहा रस्तोगी भारद्वाज द्विवेदी चतुर्वेदी उपाध्याय ओझा दीक्षित
""".split())
# Words before a surname that are no given name: function words, forms of address, roles, verbs.
_HI_NOT_GIVEN = frozenset("""
है हैं था थे थी का की के को ने में से पर और या यह वह ये वे इस उस इन उन एक कि जो तो भी ही नहीं न हाँ हां श्री
श्रीमती सुश्री कुमारी डॉ डॉ. डा. प्रो. जी मरीज़ मरीज आवेदक ग्राहक कर्मचारी प्रबंधक सहकर्मी रोगी छात्र शिक्षक
अध्यापक डॉक्टर नाम प्रिय आदरणीय श्रीमान महोदय महोदया साथ द्वारा लिए बारे राजा रानी तरफ़ तरफ कृपया धन्यवाद नमस्ते
सर मैडम भाई बहन परिवार समाज लोग सभी
""".split())
_HI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")


def devanagari_names(text: str) -> list[tuple[int, int]]:
    """`अभिनव शर्मा`, `शंकर वर्माजी`: a word that is no ordinary word before a common surname (`जी` glued kept out)."""
    words = list(_HI_WORD.finditer(text))
    out = []
    for k in range(1, len(words)):
        w = words[k].group()
        end = words[k].end()
        w = unicodedata.normalize("NFD", w).replace("\u093c", "")  # (`मुख़र्जी`, precomposed or not, as `मुखर्जी`)
        if w.endswith("जी") and w[:-2] in _HI_SURNAMES:
            w, end = w[:-2], end - 2
        prev = words[k - 1]
        if w in _HI_SURNAMES and text[prev.end():words[k].start()] in (" ", "\u00a0") \
                and prev.group() not in _HI_NOT_GIVEN and prev.group() not in _HI_SURNAMES and len(prev.group()) >= 2:
            out.append((prev.start(), end))
    return out


# ------------------------------------------------------------------------------------------------- Hebrew

_HE_SURNAMES = frozenset("""
כהן לוי מזרחי פרץ ביטון דהן אברהם פרידמן מלכה אזולאי כץ יוסף עמר אוחיון חדד גבאי אדרי לוין טל קליין חזן שפירא גולן
אוחנה בן-דוד אלון שמעוני סויסה וקנין גרינברג רוזנברג שטרן ברק נחום אשכנזי ששון יעקב חביב עזרא גבריאלי
""".split())
_HE_GIVEN_H = frozenset({"הדס", "הילה", "הראל", "הדר", "הלל", "הגר", "הודיה"})
_HE_NOT_GIVEN = frozenset("""
של את עם על אל זה זו היא הוא גם רק כי אם לא כל מה מי יש אין אבל או עוד אני אתה את אנחנו הם הן לכבוד מר גברת ד"ר
דר פרופ' הרב רב עו"ד שם מאת ידוע ידועה מוגדר צוין נמסר אצל בין אחרי לפני מול ליד כמו כן אז עכשיו היום אתמול מחר
""".split())
_HE_WORD = re.compile(r"[\u05d0-\u05ea][\u05d0-\u05ea'\"״׳-]*")


_HE_LABEL = re.compile(r"(?<![\u05d0-\u05ea])(?:שם מלא|שם הלקוח|שם|לקוח|מטופל|מטופלת)[ \t]*:[ \t]*"
                       r"(?P<a>[\u05d0-\u05ea][\u05d0-\u05ea'׳]{1,9}) (?P<b>[\u05d0-\u05ea][\u05d0-\u05ea'׳-]{1,14})"
                       r"(?![\u05d0-\u05ea])")


def hebrew_names(text: str) -> list[tuple[int, int]]:
    """`יוסי כהן`: a given-name-shaped word (not `ה`-definite, no function word) before a common surname; two words
    after a person's label (`שם: אליה ג'בארין`)."""
    words = list(_HE_WORD.finditer(text))
    out = [(m.start("a"), m.end("b")) for m in _HE_LABEL.finditer(text)
           if m.group("a") not in _HE_NOT_GIVEN and m.group("b") not in _HE_NOT_GIVEN
           and not m.group("a").startswith("ה")]
    for k in range(1, len(words)):
        prev, w = words[k - 1], words[k]
        g = prev.group()
        if w.group() in _HE_SURNAMES and text[prev.end():w.start()] in (" ", "\u00a0") and 2 <= len(g) <= 7 \
                and g not in _HE_NOT_GIVEN and g not in _HE_SURNAMES and (not g.startswith("ה") or g in _HE_GIVEN_H):
            out.append((prev.start(), w.end()))
    return out


# ------------------------------------------------------------------------------------------------- Thai

_TH_GIVEN = frozenset("""
สมชาย สมศักดิ์ สมหญิง วิชัย สมพร สมศรี สมบูรณ์ ประเสริฐ สุชาติ มาลี บุญมี ประยุทธ สุนทร อนันต์ วิไล สุดา นิภา กมล ชัยวัฒน์
สมปอง สมจิตร สมนึก สมหมาย สุรชัย สุรศักดิ์ ประสิทธิ์ ประเสริฐ วิเชียร วีระ ธนากร ธนพล ณัฐพล ณัฐวุฒิ กิตติ กิตติพงษ์ พงษ์ศักดิ์
อภิชาติ อนุชา ศักดิ์ชัย ชาตรี บุญชัย สุพจน์ ยุทธนา สุภาพ นงลักษณ์ อรุณี รัตนา วันดี ศิริพร พรทิพย์ กาญจนา จันทร์เพ็ญ
สุนีย์ อำไพ บุษบา ปราณี ลำดวน สุกัญญา นภา ปิยะ ปิยะนุช ชนิดา ธิดา จิราพร สุวิทย์ วรวุฒิ เกรียงไกร ไพโรจน์ มานพ
""".split())
_TH_HONORIFICS = ("นางสาว", "คุณ", "นาย", "นาง")
# What a word an honorific starts is (`คุณภาพ` quality, `นายก` premier, `นางฟ้า` angel), or the pronoun `คุณ` (you)
# before a verb, an auxiliary or a particle.
_TH_NOT_AFTER = (
    "ภาพ", "ค่า", "สมบัติ", "ธรรม", "ลักษณะ", "ประโยชน์", "ูปการ", "วุฒิ", "งาม", "แม่", "พ่อ", "ป้า", "ลุง", "ยาย", "ตา",
    "ครู", "หมอ", "นาย", "ก", "จ้าง", "หน้า", "ทุน", "พล", "อำเภอ", "ร้อย", "สิบ", "ทหาร", "ตำรวจ", "ประกัน", "ท่าน",
    "ช่าง", "ฟ้า", "แบบ", "พยาบาล", "เอก", "ร้าย", "กำนัล", "ใน", "นวล", "สาว", "ต้อง", "สามารถ", "จะ", "ได้", "มี",
    "เป็น", "ก็", "ไม่", "ช่วย", "คง", "อาจ", "ควร", "เคย", "กำลัง", "อยาก", "รู้", "ทำ", "ไป", "มา", "ชอบ", "ใช้",
    "เข้า", "ดู", "ให้", "ยัง", "เอง", "ว่า", "ที่", "คิด", "เห็น", "ลอง", "พูด", "บอก", "ขอ", "และ", "กับ", "ของ",
    "หรือ", "ครับ", "ค่ะ", "คะ", "นะ", "จ้ะ", "อยู่", "ชื่อ", "เลือก", "ส่ง", "รับ", "ซื้อ", "จ่าย", "กด", "ตรวจ",
    "เปิด", "ปิด", "แจ้ง", "ติดต่อ", "สมัคร", "เข้าใจ", "ทราบ", "เชื่อ", "ต้องการ", "คือ", "เท่านั้น", "ทุก", "เพียง",
)
_TH_ROLES = ("ลูกค้า", "ผู้ป่วย", "พนักงาน", "ผู้ติดต่อ", "ผู้สมัคร", "ผู้ส่ง", "ผู้รับ", "เรียน")
_TH_RUN = re.compile(r"[\u0e01-\u0e4e]+")
_TH_LABEL = re.compile(r"(?:ชื่อ-นามสกุล|ชื่อ - นามสกุล|ชื่อผู้ติดต่อ|ชื่อลูกค้า|ชื่อ)[ \t]*[:：][ \t]*"
                       r"(?P<a>[\u0e01-\u0e4e]{2,20})[ \u00a0](?P<b>[\u0e01-\u0e4e]{2,20})(?![\u0e01-\u0e4e])")


@functools.cache
def _th_given() -> frozenset[str]:
    from proxy.nlp.names import native_names

    return _TH_GIVEN | native_names().first.get("thai", frozenset())


def thai_names(text: str) -> list[tuple[int, int]]:
    """`คุณสมชาย ใจดี`, `ผู้ป่วยนายสมศักดิ์ รักไทย`, `ลูกค้า สมหญิง แสงทอง`, `ชื่อ: วิชัย ศรีสุข`."""
    out: list[tuple[int, int]] = [(m.start("a"), m.end("b")) for m in _TH_LABEL.finditer(text)
                                  if not m.group("a").startswith(_TH_NOT_AFTER)]
    runs = list(_TH_RUN.finditer(text))
    listed = _th_given()
    if "ชื่อ" in text:
        out.extend(_th_introduced(text, runs, listed))
    for k, run in enumerate(runs):
        word = run.group()
        nxt = runs[k + 1] if k + 1 < len(runs) else None
        spaced = nxt is not None and text[run.end():nxt.start()] in (" ", "\u00a0")
        # an honorific glued before a given name: at the word's start or after a role's noun
        for h in _TH_HONORIFICS:
            at = -1
            if word.startswith(h):
                at = 0
            else:
                for role in _TH_ROLES:
                    if word.startswith(role + h):
                        at = len(role)
                if at < 0 and (inner := word.rfind(h)) > 0 and word[inner + len(h):] in listed:
                    at = inner  # `กรุณาติดต่อคุณรัฐพงษ์ ขุนดำ`: glued after a verb, before a listed given name
            if at < 0:
                continue
            given = word[at + len(h):]
            if len(given) < 3 or given.startswith(_TH_NOT_AFTER) and given not in listed:
                continue
            if spaced and nxt is not None and len(nxt.group()) >= 3 and not nxt.group().startswith(_TH_NOT_AFTER):
                out.append((run.start() + at + len(h), nxt.end()))
            elif given in listed:
                out.append((run.start() + at + len(h), run.end()))
            break
        # a role's noun, then a common given name and a surname (`ลูกค้า สมหญิง แสงทอง`)
        if word in _TH_ROLES and spaced and nxt is not None and nxt.group() in listed:
            after = runs[k + 2] if k + 2 < len(runs) else None
            if after is not None and text[nxt.end():after.start()] in (" ", "\u00a0") and len(after.group()) >= 3 \
                    and not after.group().startswith(_TH_NOT_AFTER):
                out.append((nxt.start(), after.end()))
            else:
                out.append(nxt.span())
    return out


# A self-introduction's cue glued before the given name (jath38, atk38 F14): `ผมชื่อ` (I, male, am named),
# `ดิฉันชื่อ`, `ฉันชื่อ`, `หนูชื่อ`, `กระผมชื่อ`, `เราชื่อ`, `ชื่อจริง`, then `ว่า` (that) at will; and a polite particle
# glued after the name or the surname (`สุนิสา แก้วมณีค่ะ`).
_TH_INTRO_CUE = re.compile(r"(?:กระผม|ผม|ดิฉัน|ฉัน|หนู|เรา|ข้าพเจ้า)ชื่อ(?:จริง)?(?:ว่า)?|ชื่อ(?=[ \u00a0]?[\u0e01-\u0e4e]"
                           r"{2,20}[ \u00a0]+นามสกุล)")
_TH_PARTICLES = ("นะครับ", "นะคะ", "ครับผม", "ครับ", "ค่ะ", "คะ", "คับ", "ค่า", "จ้ะ", "จ้า", "นะ")
# Words after an introduced name that are no surname (nice to meet you, age, living, from, working, phone).
_TH_NOT_SURNAME = ("ยินดี", "อายุ", "จาก", "ทำงาน", "ทำไม", "โทร", "เบอร์", "อีเมล", "สอบถาม", "นามสกุล", "เล่น",
                   "เสียง", "อะไร", "ตอนนี้", "เมื่อ", "วันนี้", "พรุ่งนี้", "เรื่อง", "สั่ง", "เปลี่ยน", "ยกเลิก")
# A thing's name before `นามสกุล` (a file's extension: `ชื่อไฟล์ นามสกุล .pdf`).
_TH_THINGS = ("ไฟล์", "สินค้า", "ผู้ใช้", "บริษัท", "โปรแกรม", "ตาราง", "โฟลเดอร์", "รูป", "เอกสาร", "แอป", "โดเมน",
              "บัญชี", "ร้าน", "ภาพ", "คอลัมน์", "ฟิลด์", "ตัวแปร", "โครงการ", "โปรเจกต์", "งาน", "เพลง", "หนัง")


def _th_unparticled(word: str) -> str:
    for p in _TH_PARTICLES:
        if word.endswith(p) and len(word) > len(p):
            return word[:-len(p)]
    return "" if word in _TH_PARTICLES else word


# Surnames an auxiliary's syllable starts (`มีสุข`, `ได้ดี`, `จะเจริญ`, `คงสมบูรณ์`) and no verb phrase's words (a problem,
# a question, a matter): read at a clause's end too, not only before a polite particle (ja40).
_TH_AUX_SURNAME = ("มี", "ได้", "เป็น", "จะ", "คง")
_TH_PHRASE_WORDS = ("ปัญหา", "คำถาม", "เรื่อง", "อะไร", "ไหม", "มั้ย", "บ้าง", "แล้ว", "อยู่", "ไม่")


def _th_clause_surname(surname: str, after: str) -> bool:
    return after in ("", "\n", ".", ",", "!", "?") and surname.startswith(_TH_AUX_SURNAME) and len(surname) <= 8 \
        and not any(w in surname for w in _TH_PHRASE_WORDS)


def _th_introduced(text: str, runs: list[re.Match[str]], listed: frozenset[str]) -> list[tuple[int, int]]:
    """`ผมชื่อสมชาย ใจดี ครับ`, `ดิฉันชื่อสุนิสา แก้วมณีค่ะ`, `ชื่อสมชาย นามสกุลใจดี`: the given name after the glued
    cue runs to a space or a polite particle, the surname to the next space or particle (jath38, atk38 F14). Not a
    word `ชื่อ` starts (`ชื่อเสียง` fame, `ชื่อเล่น` nickname) nor one an honorific's rule rejects; `ชื่อไฟล์`,
    `ชื่อสินค้า` (a file's, a product's name) have no pronoun before them."""
    out: list[tuple[int, int]] = []
    for m in _TH_INTRO_CUE.finditer(text):
        a = m.end() + (1 if text[m.end():m.end() + 1] in (" ", "\u00a0") else 0)
        k = next((k for k, r in enumerate(runs) if r.start() <= a < r.end()), None)
        if k is None:
            continue
        given = _th_unparticled(text[a:runs[k].end()])
        if len(given) < 2 or given.startswith(_TH_NOT_AFTER + _TH_NOT_SURNAME + _TH_THINGS) \
                and given not in listed:
            continue
        b = a + len(given)
        nxt = runs[k + 1] if k + 1 < len(runs) else None
        if nxt is not None and b == runs[k].end() and text[b:nxt.start()] in (" ", "\u00a0", "  "):
            word = nxt.group()
            start = nxt.start()
            if word.startswith("นามสกุล"):  # `ชื่อสมชาย นามสกุลใจดี`, `... นามสกุล ใจดี`
                word, start = word[len("นามสกุล"):], start + len("นามสกุล")
                if not word and k + 2 < len(runs) and text[nxt.end():runs[k + 2].start()] == " ":
                    word, start = runs[k + 2].group(), runs[k + 2].start()
                surname = _th_unparticled(word)
                if len(surname) >= 2:  # (the label's word itself stays)
                    out.append((start, start + len(surname)))
            else:
                surname = _th_unparticled(word)
                after = runs[k + 2].group() if k + 2 < len(runs) else ""
                # a surname a verb's or an auxiliary's word starts (`มีสุข`, `คงเจริญ`) only before a polite particle
                polite = surname != word or after in _TH_PARTICLES and text[nxt.end():nxt.end() + 1] == " " \
                    or _th_clause_surname(surname, text[nxt.end():nxt.end() + 1])
                if len(surname) >= 2 and not surname.startswith(_TH_NOT_SURNAME) and (
                        not surname.startswith(_TH_NOT_AFTER) or polite and len(surname) >= 4
                        and surname not in _TH_NOT_AFTER):
                    b = start + len(surname)
        out.append((a, b))
    return out


# ------------------------------------------------------------------------------------------------- Vietnamese

_VI_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
              "Dương", "Lý", "Đinh", "Trương", "Đào", "Đoàn", "Trịnh", "Lương")
_VI_NAME = re.compile(r"(?<![\w-])(?P<family>" + "|".join(_VI_FAMILY) + r")((?: [A-ZÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝĂĐĨŨƠƯẠ-Ỹ]"
                      r"[a-zà-ãè-êìíò-õùúýăđĩũơưạ-ỹ]{0,6}){1,3})(?![\w-])")
# Streets, districts, schools and bridges named after people (`đường Lê Lợi`, `trường Trần Phú`).
_VI_PLACE_BEFORE = re.compile(r"(?i:đường|phố|quận|phường|trường|cầu|chợ|ngõ|hẻm|số|tp\.?|thành phố|tỉnh|huyện|xã|"
                              r"thị xã|đại lộ|công viên|bệnh viện|sân bay|bến|nhà thờ|đền|chùa|khu)\s+$")
_VI_MARKS = re.compile(r"[à-ãè-êìíò-õùúýăđĩũơưạ-ỹÀ-ÃÈ-ÊÌÍÒ-ÕÙÚÝĂĐĨŨƠƯẠ-Ỹ]")


def vietnamese_names(text: str) -> list[tuple[int, int]]:
    """`Nguyễn Văn An`: a common family name and one to three capitalised syllables, in a Vietnamese text."""
    if len(_VI_MARKS.findall(text)) < 3:
        return []
    out = []
    for m in _VI_NAME.finditer(text):
        words = m.group().split()
        if words[:3] == ["Hồ", "Chí", "Minh"] or _VI_PLACE_BEFORE.search(text, max(0, m.start() - 20),
                                                                       m.start()):
            continue
        out.append(m.span())
    return out


# ------------------------------------------------------------------------------------------- keyed values

_NATIVE_PERSON_KEYS = frozenset("""
الاسم اسم الإسم العميل المريض الموظف 氏名 名前 お名前 担当 担当者 顧客 患者 姓名 名字 客户 客戶 联系人 聯絡人 负责人
नाम ग्राहक मरीज़ ชื่อ ชื่อ-นามสกุล ลูกค้า שם לקוח מטופל 이름 성명 고객 환자 담당자 tên họ_tên khách_hàng
""".split())
# Two or three words of a script no list holds names of (Bengali to Sinhala, Ethiopic, Burmese, Khmer: intl37, atk37
# F07): under a person's key, a name whatever its words.
_U = "\u0980-\u0dff\u1200-\u137f\u1000-\u109f\u1780-\u17ff\u200c\u200d"
_UNLISTED = f"[{_U}]+(?: [{_U}]+){{1,2}}"
_SCRIPT_VALUE = re.compile(
    r"[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){1,3}|[\u0900-\u097f]+(?: [\u0900-\u097f]+){1,3}"
    r"|[\u0e00-\u0e7f]+(?: [\u0e00-\u0e7f]+){1,2}|[\u05d0-\u05ea'\"-]+(?: [\u05d0-\u05ea'\"-]+){1,3}"
    r"|[\u4e00-\u9fff\u3040-\u30ff]{2,6}|[\uac00-\ud7a3]{2,4}|" + _UNLISTED)
# (esc39, atk38 F17, F18: under an ASCII key, a CJK or Hangul value unquoted too, alone up to a tag, a separator or
# the line's end: an HTML cell's `Customer: 渡辺裕子</p>`, a query's `customer=渡辺裕子&ref=1` as the rules read its
# escapes, `proxy.nlp.fields24`; a key from the query's `?` or `&`, a path's `/` or a tag's `>` on: `/k?name=...`)
_KEYED = re.compile(r"[\"']?(?P<key>[^\W\d][^\"':=：{},\[\]\n?&/<>]{0,30}?)[\"']?[ \t]*[:=：][ \t]*"
                    r"(?:\"(?P<dq>[^\"\\\n]{2,60})\"|'(?P<sq>[^'\\\n]{2,60})'"
                    r"|(?P<bare>[\u4e00-\u9fff\u3040-\u30ff]{2,6}|[\uac00-\ud7a3]{2,4})"
                    r"(?=[<&;,|\r\n]|[ \t]*(?:$|[<&;,|\r\n]|[^\w\s])|\Z))", re.M)


def _known_part(value: str) -> bool:
    """Whether a word of `value` is a name part of a list, here or faker's."""
    from proxy.nlp.names import native_names

    native = native_names()
    words = value.split()
    listed = set().union(*native.first.values(), *native.last.values())
    if any(w in listed or w in _AR_GIVEN or w in _HI_SURNAMES or w in _HE_SURNAMES or w in _TH_GIVEN for w in words):
        return True
    if len(words) >= 2 and words[-1].startswith("ال"):
        return True  # an Arabic `ال` family name after a given name
    if len(words) == 1:  # unspaced: a common surname first
        w = words[0]
        if "\uac00" <= w[0] <= "\ud7a3":
            return w[0] in _KO_SURNAMES and w not in _KO_NOT_NAMES
        return w[0] in _zh_surnames() and len(w) <= 4 or any(w.startswith(s) and len(w) > len(s)
                                                           for s in _ja_surnames())
    return False


def keyed_script_values(text: str) -> list[tuple[int, int]]:
    """A value in another script under a person's key (`{"name": "محمد العلي"}`, `"氏名": "鈴木一郎"`)."""
    if ":" not in text and "=" not in text and "：" not in text:
        return []
    from proxy.nlp.tables import column_kind

    out = []
    for m in _KEYED.finditer(text):
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        value = m.group(group)
        if value.isascii() or _SCRIPT_VALUE.fullmatch(value) is None:
            continue
        key = m.group("key").strip()
        if group == "bare" and (not key.isascii() or _ko_not_name(value)):
            continue  # (the native labels' own rules read an unquoted value: `korean_labelled`, `japanese_names`)
        if key not in _NATIVE_PERSON_KEYS and (not key.isascii() or column_kind(key) != "people"
                                               and key.lower().replace("_", "").replace("-", "") != "fullname"):
            continue
        if _known_part(value) or re.fullmatch(_UNLISTED, value):
            out.append(m.span(group))
    return out


# ------------------------------------------------------------------------------------------------- hook

_NON_LATIN = re.compile(r"[\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3" + _U + "]")


def script_name_spans(text: str) -> list[tuple[int, int]]:
    """Every span the rules above find in `text`."""
    if text.isascii():
        return []
    from proxy.nlp.scr30 import scr30_spans  # (scr30: katakana, Thai, Tamil... names after a cue or an honorific)

    spans = vietnamese_names(text) + scr30_spans(text)
    if _NON_LATIN.search(text) is None:
        return spans
    for rule in (chinese_role_names, japanese_names, korean_labelled, arabic_names, devanagari_names, hebrew_names,
                 thai_names, keyed_script_values):
        spans.extend(rule(text))
    from proxy.nlp.names24 import chinese_names  # (names24: `上官婉儿`, `经理司马光`, `请联系邝美云`)

    spans.extend(chinese_names(text))
    from proxy.nlp.names26 import chinese_compound  # (names26: `司马光说`, `我和慕容复开会`, `抄送：慕容复、令狐冲`)

    spans.extend(chinese_compound(text))
    from proxy.nlp.intl25 import thai_titled  # (intl25: `คุณ สมชาย ใจดี`, `ดร.ประพันธ์ ศรีวงศ์`, `ผู้ติดต่อ: ...`)

    spans.extend(thai_titled(text))
    from proxy.nlp.mob46 import intro46  # (mob46: `ชื่อของฉันคือ...`, `என் பெயர்`, `ስሜ`, `ខ្ញុំឈ្មោះ`, Thai in English)

    spans.extend(intro46(text))
    return spans


def with_script_names(text: str, found: list[Result]) -> list[Result]:
    """`found` with the names above as PERSON: a PERSON finding they overlap is joined into one; where a finding of
    another type overlaps, the span is left out."""
    spans = script_name_spans(text)
    return joined(found, spans) if spans else found


def joined(found: list[Result], spans: list[tuple[int, int]]) -> list[Result]:
    """`found` with `spans` as PERSON, each joined with the PERSON findings it overlaps; where a finding of another
    type overlaps, the span is left out."""
    out = list(found)
    for a, b in sorted(set(spans)):
        over = [r for r in out if r[1] < b and a < r[2]]
        if any(r[0] != "PERSON" for r in over):
            continue
        if any(r[1] <= a and b <= r[2] for r in over):
            continue
        lo = min([a, *(r[1] for r in over)])
        hi = max([b, *(r[2] for r in over)])
        out = [r for r in out if r not in over] + [("PERSON", lo, hi, max([_SCORE, *(r[3] for r in over)]))]
    return out
