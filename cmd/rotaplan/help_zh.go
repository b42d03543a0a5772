package main

// The Chinese help of rotaplan. Every command needs an entry in zhHelp
// under its path, with a Long and an Example when its English help has
// them, and the usage of each of its flags; TestHelpTranslations fails when
// one is missing or names a command or flag that no longer exists.

var zhHeadings = helpHeadings{
	Usage:       "用法：",
	Aliases:     "别名：",
	Examples:    "示例：",
	Commands:    "可用命令：",
	Flags:       "选项：",
	GlobalFlags: "全局选项：",
	Topics:      "其他帮助主题：",
	More:        `运行 "%s [command] --help" 查看命令的详细说明。`,
	Default:     " (默认 ",
}

// zhHelpFlag is the usage of the help flag of a command; %s is its name.
const zhHelpFlag = "显示 %s 的帮助"

// Flag usages shared by several commands.
const (
	zhEncoding     = "CSV 文件的文本编码：" + valuesMark
	zhSheet        = "读取 XLSX 文件中的哪个工作表（默认第一个）"
	zhPins         = "规划人员的固定安排文件（默认为 DIR/pins.csv，如果存在）"
	zhPlanFile     = "方案文件：CSV 或 XLSX，每行一次调动"
	zhIncludeID    = "在交流名单中加入完整的身份证件号"
	zhPseudonymize = "在所有输出中用稳定的化名（教师-xxxxxxxx）代替教师姓名"
	zhXLSX         = "审批工作簿（.xlsx）的写入位置"
	zhHTML         = "独立报告网页（.html）的写入位置"
	zhIterations   = "（0：每名可调动教师 400 步）"
	zhNoDesc       = "不显示补全项的说明"
	zhStore        = "工作台数据库所在的文件夹"
	zhBaseline     = "对照的已公布方案（plan.csv，CSV 或 XLSX）：去向与之不同的每位教师计 weights.change"
)

var zhHelp = map[string]helpText{
	"rotaplan": {
		Short: "编制县域教师交流轮岗方案",
		Long: `rotaplan 为县域义务教育学校编制年度教师交流轮岗方案：检查学校和教师
名册，规划谁交流到哪所学校，为方案评分（手工修改过的方案也可以），
导出规划模型供精确求解器求解，比较各种假设情景，并把逐年方案串成路线图。

区域设置（依次看 LC_ALL、LC_MESSAGES、LANG；Windows 上没有设置时看系统
显示语言）为中文时帮助显示中文，否则显示英文；--help-lang zh 或 en 可指定。

退出码：0 成功，1 失败，2 输入数据或命令行有误，130 被中断。`,
		Flags: map[string]string{
			"help-lang": "帮助的语言：" + valuesMark + "（默认按 LC_ALL、LC_MESSAGES 或 LANG 决定，都没有时按系统语言）",
			"version":   "显示 rotaplan 的版本，与 rotaplan version 相同",
		},
	},
	"rotaplan check": {
		Short: "检查县域数据并给出概况",
		Long: `check 读取 DIR 中的县域数据（schools.csv、teachers.csv，以及可选的
policy.toml、distances.csv、pins.csv；CSV 或 XLSX，中文或英文表头），把每个
问题按 "文件:行: column 列名: error: 说明" 的格式写到标准错误；数据无误时
在标准输出打印全县概况：按办学类型和城乡分类的学校数，各学段的学生数和
教师数，符合交流条件的教师数和应交流人数。

数据有错误时退出码为 2。`,
		Example: `  rotaplan check scenarios/sample-county                # 检查示例县的数据
  rotaplan check --encoding gbk ./county-2026           # CSV 文件为 GBK 编码
  rotaplan check --json ./county-2026 > summary.json    # 概况和问题输出为 JSON`,
		Flags: map[string]string{
			"encoding": zhEncoding,
			"sheet":    zhSheet,
			"json":     "以 JSON 格式输出概况和问题",
		},
	},
	"rotaplan plan": {
		Short: "编制全县的交流轮岗方案",
		Long: `plan 读取 DIR 中的县域数据，编制交流方案：达到交流比例要求，补足教师
缺口和学科缺口，调动的人数和距离尽可能少（即评价核心的目标函数），并报告
方案的得分和经过证明的下界。

使用 --out 时，以原子方式写出文件夹 OUTDIR，内含：
  plan.csv      交流名单，每次调动一行，附调动理由
                （带 BOM 的 UTF-8，Excel 可直接打开；中文表头，--lang en 为英文）
  schools.csv   每个学校学段部分交流前后的各项指标
  report.txt    写给人看的评分说明
  plan.json     键名固定的报告和本次运行的来源信息
  approval.html 报批表，可直接打印：A4 横向，有页码，每页重复名单表头，
                带签字栏
  notice.html   公示名单：只有姓名、原学校、交流去向、学科和学段，以及
                公示期和意见反映渠道（见 policy.toml）
  notice.csv    CSV 格式的公示名单
  points.csv    积分表：每位符合交流条件的教师的各项积分、总积分、在优先组
                （原学校、学段、学科）内的排名（1 为最先交流）以及是否交流
  principals.csv 校长交流名单：任职满 principal_max_years 年的校长，各自
                交流到另一所学校的校长岗位（到期校长的岗位或空缺岗位），
                就近安排，优先由强校到弱校，不超出 move_scope
  eligibility.csv 符合条件教师名单：输出学校的每位教师，状态为已安排交流、
                符合条件未交流或不符合条件（附规则和说明）
  schools.html  每所学校一节：调出和调入的教师，交流前后的指标和达标情况
  .rotaplan     标记文件，表明该文件夹由 rotaplan plan 写出
已有且非空的 OUTDIR 只在使用 --force 时才被替换，并且它必须由 rotaplan plan
写出（有标记文件，或只有上述四个文件且 plan.json 出自 rotaplan），不含其他
内容。OUTDIR 不能是 DIR、包含 DIR 或位于 DIR 之内，不能包含固定安排文件，
也不能是或包含当前文件夹、用户主文件夹或文件系统根目录。

使用 --xlsx 时，以原子方式写出审批工作簿 FILE.xlsx，含工作表 交流名单、
报批表、公示名单、学校明细、学校指标（交流前后，低于标准的单元格突出显示）、
县域汇总、违规、积分表、优先顺序投诉、学区与集团（职称与年龄结构、学区和
教育集团）、校长交流 和 符合条件教师名单，均按 A4 横向打印。

使用 --baseline PLAN 时，对照已公布的方案重新规划：去向与之不同（交流与
留任之别，或换了学校）的每位教师计 weights.change（默认 50），使申诉和固定
安排只改动必须改动的行。plan.csv 和工作簿为每次调动标明 保留、改派、新增
或 指定（与基准方案），报告列出每项改动及其原因。

使用 --html 时，以原子方式写出一个独立的报告网页 FILE.html（没有脚本，
不加载任何外部内容）：评分明细，各校 I1-I3 指标图，交流前后各差异系数
与限值的对比图，调动地图和交流名单。已有的 FILE 只在使用 --force 时才被替换。

所有输出位置都在读取数据之前检查：无法写入的文件夹立即被拒绝，而不是
等到搜索结束之后。

除非使用 --include-id-number，任何输出都不含身份证件号；--pseudonymize
用稳定的化名代替教师姓名。

相同的数据、种子、线程数和迭代预算得到逐字节相同的文件。Ctrl-C、SIGTERM
或 SIGHUP 会停止搜索，写出到此为止找到的最好方案，然后以退出码 130 结束。`,
		Example: `  rotaplan plan scenarios/sample-county --out plan-2026    # 方案写入文件夹 plan-2026
  rotaplan plan ./county --pins ./county/pins.csv --seed 7 --out plan --force    # 按固定安排重新规划，替换原方案`,
		Flags: map[string]string{
			"encoding":          zhEncoding,
			"sheet":             zhSheet,
			"pins":              zhPins,
			"baseline":          zhBaseline,
			"out":               "方案文件夹的写入位置（默认只打印报告）",
			"force":             "替换由 rotaplan plan 写出的已有 OUTDIR，以及已有的 --xlsx 和 --html 文件",
			"seed":              "搜索的随机种子",
			"threads":           "并行搜索的线程数（结果可复现的条件之一）",
			"iterations":        "每个线程的局部搜索步数" + zhIterations,
			"time-limit":        "从开始算起（含读取和写出）到此时长即停止（0：不限时）",
			"gap":               "已证明的差距不超过此值即停止（0：用完全部预算）",
			"lang":              "CSV、XLSX 和 HTML 中表头和取值的语言：" + valuesMark,
			"xlsx":              zhXLSX,
			"html":              zhHTML,
			"include-id-number": zhIncludeID,
			"pseudonymize":      zhPseudonymize,
		},
	},
	"rotaplan score": {
		Short: "为方案评分，手工修改过的方案也可以",
		Long: `score 用规划时优化的同一个评价核心，对照 DIR 中的县域数据评价一个交流
方案，并逐项说明得分：交流比例的各项数字，每条被违反的规则（涉及谁、差
多少），各校剩余的缺口，调动带来的扰动，交流前后的达标情况和差异系数。

方案可以是 rotaplan 写出的 plan.csv，也可以是在 Excel 中修改过的（GBK 或
UTF-8，中文或英文表头，CSV 或 XLSX）；也可以用 --solution 给出精确求解器
（CBC 或 HiGHS）求解 'rotaplan export' 所写模型得到的解文件。不可行的方案
会如实报告，退出码仍为 0。

使用 --xlsx 时，还以原子方式写出该方案的审批工作簿（交流名单、交流前后
学校指标、县域汇总、违规），语言由 --lang 决定。使用 --html 时写出该方案
的独立报告网页（评分明细，指标、差异系数和调动图，交流名单）。已有的
工作簿或网页只在使用 --force 时才被替换。除非使用 --include-id-number，
任何输出都不含身份证件号；--pseudonymize 用稳定的化名代替教师姓名。`,
		Example: `  rotaplan score ./county --plan plan-2026/plan.csv    # 为方案评分
  rotaplan score ./county --plan edited.xlsx --json > score.json    # 修改后的名单，报告输出为 JSON
  rotaplan score ./county --solution cbc.sol    # CBC 求得的解
  rotaplan score ./county --plan edited.xlsx --xlsx approval.xlsx --pseudonymize    # 审批工作簿，姓名用化名`,
		Flags: map[string]string{
			"encoding":          zhEncoding,
			"sheet":             zhSheet,
			"pins":              zhPins,
			"baseline":          zhBaseline,
			"plan":              zhPlanFile,
			"solution":          "CBC 或 HiGHS 求解导出模型得到的解文件，代替 --plan",
			"against":           "改为与这个方案文件比较：增加、删除和改变的调动，以及各项得分的变化",
			"json":              "以键名固定的 JSON 格式输出报告",
			"xlsx":              zhXLSX,
			"html":              zhHTML,
			"force":             "替换已有的 --xlsx 和 --html 文件",
			"lang":              "XLSX 和 HTML 中表头和取值的语言：" + valuesMark,
			"include-id-number": zhIncludeID,
			"pseudonymize":      zhPseudonymize,
		},
	},
	"rotaplan explain": {
		Short: "说明教师为何交流、为何留任或为何不符合条件",
		Long: `explain 针对 DIR 中县域数据的一个方案，回答审批会上对教师的提问：

  已安排交流的教师          资格依据（本校连续任教年限、退休时间），积分和排名，
                           这次调动填补的缺口，最好的三个其他去向和留任，各自
                           使总分改变多少（精确值），以及最佳替补（留任的教师
                           中谁来接替这个名额）；
  符合条件但未交流的教师    最好的去向及调动他们使总分改变多少，以及同一优先组
                           （原学校、学段、学科）中谁交流了；
  不符合条件的教师          依据的规则和日期。

这些变化出自评价核心（与 plan、score 报告的总分相同），从方案出发增量计算：
每一项都等于对改动后的方案重新评分。请像规划时一样给出 --pins 和 --baseline，
使总分一致。

使用 --all 时，把每位输出学校的教师（以及每位被调动的教师）的说明写入 CSV
文件 --out FILE.csv，每人一行（带 BOM 的 UTF-8，表头语言由 --lang 决定）；
已有的 FILE 只在使用 --force 时才被替换。`,
		Example: `  rotaplan explain ./county --plan plan-2026/plan.csv 4301000036    # 说明一位教师
  rotaplan explain ./county --plan plan-2026/plan.csv 4301000036 4301000047 --json    # 两位教师，JSON 输出
  rotaplan explain ./county --plan plan-2026/plan.csv --all --out explain.csv    # 全县名单写入 CSV`,
		Flags: map[string]string{
			"encoding":     zhEncoding,
			"sheet":        zhSheet,
			"pins":         zhPins,
			"baseline":     zhBaseline,
			"plan":         zhPlanFile,
			"json":         "以键名固定的 JSON 格式输出说明",
			"all":          "说明每位输出学校的教师和每位被调动的教师，写入 --out",
			"out":          "与 --all 一起使用：要写出的 CSV 文件",
			"force":        "替换已有的 --out 文件",
			"lang":         "CSV 中表头和取值的语言：" + valuesMark,
			"pseudonymize": zhPseudonymize,
		},
	},
	"rotaplan export": {
		Short: "把规划模型写成混合整数规划，供 CBC、HiGHS、Gurobi 或 CPLEX 求解",
		Long: `export 把全县的规划模型写成一个混合整数规划（MIP），其目标函数正是
'rotaplan plan' 最小化、'rotaplan score' 报告的总分：同样的可交流教师、
候选调动、缺口、上限、比例要求和固定安排。用精确求解器求解后，用
'rotaplan score DIR --solution FILE' 读回解。已有的 FILE 只在使用 --force
时才被替换，而且绝不能是输入文件或 DIR 中的文件。`,
		Example: `  rotaplan export ./county --format lp -o county.lp    # 写出 LP 格式的模型
  cbc county.lp solve solu county.sol && rotaplan score ./county --solution county.sol    # 用 CBC 求解，再评分`,
		Flags: map[string]string{
			"encoding": zhEncoding,
			"sheet":    zhSheet,
			"pins":     zhPins,
			"baseline": zhBaseline,
			"format":   "模型格式：" + valuesMark + "（lp 为 CPLEX LP 格式）",
			"output":   "要写出的模型文件",
			"force":    "替换已有的模型文件",
		},
	},
	"rotaplan gen": {
		Short: "生成模拟的县域数据",
		Long: `gen 把一个贴近实际的模拟县（schools.csv、teachers.csv、policy.toml，以及
教师的交流记录 history.csv 和交流志愿 wishes.csv）写入 DIR。相同的规模和种子总是得到逐字节相同的文件。规模：

  small       约 30 所学校，约 1,400 名教师
  county      约 60 所学校，约 2,500 名教师（示例县即种子 1）
  large       约 250 所学校（含约 80 个教学点），约 8,000 名教师，约 12 万名学生
  prefecture  约 14 个县，约 2,100 所学校，约 100,000 名教师
  crowded     示例县的 60 所学校配 100 倍的教师（压力测试）
  prefecture4 四个地市并列，约 415,000 名教师（压力测试）

DIR 以原子方式写出：文件先写入旁边的临时文件夹，再改名就位，并附有列出
这些文件的标记文件 .rotaplan。已有且非空的 DIR 只在使用 --force 时才被替换，
并且它必须是 rotaplan gen 写出的文件夹（有该标记文件）且不含其他内容：
有 schools.csv、teachers.csv 和 policy.toml 却没有标记文件的文件夹可能是
某个县的真实数据，绝不会被替换。DIR 不能是或包含当前文件夹、用户主文件夹
或文件系统根目录。`,
		Example: `  rotaplan gen --size county --seed 1 --out /tmp/county    # 与示例县相同的模拟县
  rotaplan gen --size large --seed 7 --out ./large --force    # 大县，替换上次生成的文件夹`,
		Flags: map[string]string{
			"size":  "县的规模：" + valuesMark,
			"seed":  "随机种子；相同的种子得到相同的县",
			"out":   "要写入的文件夹（必填）",
			"force": "DIR 是 rotaplan gen 写出的非空文件夹时替换它",
		},
	},
	"rotaplan scenario": {
		Short: "运行并比较假设情景（情景分析）",
		Long: `scenario 运行一个县的各种假设情景。情景文件（TOML）指定一个基础数据
文件夹，并覆盖政策参数或修改数据：

  name        = "quota15"
  description = "rotate 15% of eligible teachers"
  base        = "../sample-county"     # 相对于情景文件
  baseline    = "published.csv"        # 可选：对照的已公布方案，据此重新规划
  [policy]                              # policy.toml 中的任意参数
  rotation_rate = 0.15
  [[add_school]]                        # schools.csv 的各列
  school_id = "43010099"
  type = "nine_year"
  urban_rural = "220"
  students_primary = 200
  lon = 112.80
  lat = 28.10
  [[scale_enrolment]]                   # schools = ["…"] 或 rural = true
  rural = true
  factor = 0.8
  [[close_school]]                      # 教师和学生转到 "to"，
  school = "43010028"                   # 没有 to 时教师离开
  to = "43010023"
  [[set_weak]]
  school = "43010015"
  weak = true
  [[set_structure]]                     # 学区 district 和/或 教育集团 group；
  school = "43010040"                   # "" 表示移出
  district = "东片区"
  group = "顺林县实验小学教育集团"
  [[retire]]
  teachers = ["4301000001"]
  [[hire]]                              # 生成的编号为 H<school>-001, …
  school = "43010023"
  stage = "primary"
  subject = "pe"
  education = "bachelor"
  backbone = "none"
  count = 2

基础数据文件不会被修改。示例见 scenarios/examples。`,
	},
	"rotaplan scenario run": {
		Short: "规划每个情景并并排比较",
		Long: `run 用 --threads 个工作线程并行规划每个情景（每个方案只用一个搜索线程，
所以结果与线程池大小无关），并打印比较表，按参数顺序每个情景一列：交流
比例的各项数字，达标的学校学段部分数，方案实施后 I1-I3 的差异系数，剩余的
中等缺口，调动人数，调动公里数，非自愿调动数，目标值，下界和差距。

使用 --out 时，以原子方式写出文件夹 OUTDIR，内含 comparison.csv（带 BOM
的 UTF-8）、comparison.xlsx，以及每个情景的 NAME/plan.csv 和 NAME/schools.csv。

在终端上，标准错误会在规划每个情景时显示进度。`,
		Example: `  rotaplan scenario run scenarios/examples/base.toml scenarios/examples/quota15.toml    # 比较两个情景
  rotaplan scenario run scenarios/examples/*.toml --out compare --iterations 20000    # 全部示例情景，写出比较文件夹`,
		Flags: map[string]string{
			"encoding":   zhEncoding,
			"sheet":      zhSheet,
			"out":        "比较结果文件夹的写入位置（默认只打印比较表）",
			"force":      "替换已有的输出文件夹",
			"seed":       "每次搜索的随机种子",
			"threads":    "同时规划的情景数",
			"iterations": "每个情景的局部搜索步数" + zhIterations,
			"lang":       "方案 CSV 和工作簿中表头和取值的语言：" + valuesMark,
			"xlsx":       "另把比较结果写成工作簿（.xlsx）",
		},
	},
	"rotaplan roadmap": {
		Short: "串联逐年方案，找出每所学校都达标的年份",
		Long: `roadmap 为一个县的数据文件夹（或一个情景文件）逐年串联交流方案。每年
先规划，被调动的教师交流 stint_years 年，然后把规划日期推后 12 个月：
在校年限增加，到退休年龄的教师离开，交流期满的教师回到原学校，回校后满
min_years_at_school 年之前不再符合交流条件。不招聘新教师。

它按每年一行打印（不超过 100 列宽）：回校、退休和调动的教师数，各学段
达标的学校学段部分数，剩余的中等缺口，以及需招聘数：假如此前从未招聘，
要让所有纳入范围的学段部分在当年交流后达到 I1、I2 和 I3 需要招聘的教师数
（每个学段部分取缺少的合格教师数与缺少的骨干教师加体育艺术教师数中的
较大者，各自向上取整），以及其中的骨干教师和体育艺术教师数。然后是每年
方案实施后各学段 I1-I3 的差异系数，以及所有纳入范围的学段部分都达到 I1、
I2 和 I3 的第一年，或者说明为什么达不到：全县计入某项指标的教师总数少于
各校所需时，仅靠交流轮岗无法达标。

--json 打印 roadmap.json 而不是文本。使用 --out 时，以原子方式写出文件夹
OUTDIR，内含 roadmap.txt（文本）、roadmap.csv（每年的全部数字，带 BOM 的
UTF-8）、roadmap.json 和 roadmap.xlsx；用 --xlsx 可以单独写出工作簿。已有的
OUTDIR 只在使用 --force 时才被替换，并且必须由 rotaplan roadmap 写出；已有的
--xlsx 文件也只在使用 --force 时才被替换。

在终端上，标准错误会在规划每一年时显示进度。`,
		Example: `  rotaplan roadmap scenarios/sample-county --years 6    # 示例县的六年路线图
  rotaplan roadmap scenarios/examples/hire.toml --years 4 --iterations 20000    # 招聘情景的四年路线图`,
		Flags: map[string]string{
			"encoding":   zhEncoding,
			"sheet":      zhSheet,
			"pins":       zhPins,
			"years":      "规划的学年数",
			"seed":       "每年搜索的随机种子",
			"iterations": "每年的局部搜索步数" + zhIterations,
			"out":        "路线图文件夹的写入位置（默认只打印路线图）",
			"force":      "替换由 rotaplan roadmap 写出的已有 OUTDIR，以及已有的 --xlsx 文件",
			"xlsx":       "另把路线图写成工作簿（.xlsx）",
			"json":       "打印 roadmap.json 而不是文本",
		},
	},
	"rotaplan serve": {
		Short: "运行教育局的网页工作台",
		Long: `serve 在 --addr 上运行教育局的网页工作台：规划人员上传县域数据（数据文件夹
中的文件：schools.csv、teachers.csv、policy.toml 及可选文件），查看全县现状，
编制交流方案（实时显示进度，可随时停止），提交审核；审核人批准或退回并填写
意见；所有人都可以下载审批工作簿、报告网页、报批表、公示名单和 plan.csv。
页面默认中文，可切换为英文；/api/ 下的 JSON 接口提供同样的功能。

所有内容保存在 --store 文件夹中的一个 SQLite 文件里：用户、会话、上传的数据、
方案和审计日志；审计日志每一行都以 SHA-256 与前一行相连。没有用户的存储会
提示如何创建管理员：rotaplan serve user add。

工作台提供 HTTP 服务，默认只在 127.0.0.1 上；在局域网中使用时，请放在 HTTPS
反向代理之后并加 --secure-cookies。Ctrl-C 或 SIGTERM 停止服务，退出码为 0：
正在编制的方案保留当前最优结果。`,
		Example: `  rotaplan serve --store /srv/rotaplan
  rotaplan serve --addr 0.0.0.0:8080 --store /srv/rotaplan --secure-cookies`,
		Flags: map[string]string{
			"addr":           "监听地址，host:port",
			"store":          zhStore,
			"jobs":           "同时编制的方案数；其余的排队等待",
			"secure-cookies": "把 Cookie 标记为 Secure（通过 HTTPS 访问工作台时）",
		},
	},
	"rotaplan serve user": {
		Short: "管理工作台的用户",
	},
	"rotaplan serve user add": {
		Short: "添加用户并指定角色",
		Long: `add 创建用户 NAME 并指定角色：admin（管理员：管理用户，查看审计日志）、
planner（规划人员：上传数据、编制方案、提交审核）、approver（审核人：批准或
退回已提交的方案，查看审计日志）或 viewer（查看者：只读）。使用
--password-stdin 时从标准输入的第一行读取密码（至少 10 个字符），不会留在
命令历史中；只保存其 argon2id 哈希。使用 --school 的查看者只能看到调出或
调入该学校（按 school_id）的调动，不能下载全县文件。添加操作记入审计日志。`,
		Example: `  printf '%s\n' "$ADMIN_PASSWORD" | rotaplan serve user add admin --role admin --password-stdin --store /srv/rotaplan
  rotaplan serve user add zhang --role planner --password-stdin --store /srv/rotaplan < password.txt`,
		Flags: map[string]string{
			"role":           "用户的角色：" + valuesMark,
			"password-stdin": "从标准输入读取密码",
			"school":         "把查看者限定为调出或调入这所学校（school_id）的调动",
			"store":          zhStore,
		},
	},
	"rotaplan serve backup": {
		Short: "把工作台的数据库复制到一个文件",
		Long: `backup 把工作台数据库的一致副本（SQLite VACUUM INTO）写到 --out，工作台
运行时也可以。--out 必须是新文件：备份从不覆盖已有文件。副本本身就是一个
存储：把它命名为 rotaplan.db 放进一个空文件夹，即可用 --store 运行或检查。`,
		Example: `  rotaplan serve backup --store /srv/rotaplan --out /backup/rotaplan-2026-07-01.db`,
		Flags: map[string]string{
			"store": zhStore,
			"out":   "要写入的备份文件（不能已存在）",
		},
	},
	"rotaplan serve verify": {
		Short: "检查审计日志的哈希链",
		Long: `verify 根据前一行重新计算审计日志每一行的哈希；若有行在工作台之外被修改、
删除或插入，以退出码 1 结束并指出第一处损坏的行；哈希链完好时退出码为 0。`,
		Example: `  rotaplan serve verify --store /srv/rotaplan`,
		Flags: map[string]string{
			"store": zhStore,
		},
	},
	"rotaplan version": {
		Short: "显示 rotaplan 的版本和构建它的 Go 版本",
	},
	"rotaplan help": {
		Short: "显示任一命令的帮助",
		Long: `help 显示任一命令的帮助。
输入 rotaplan help [命令路径] 查看完整说明，例如 rotaplan help scenario run。`,
	},
	"rotaplan completion": {
		Short: "生成指定 shell 的自动补全脚本",
		Long: `为 rotaplan 生成指定 shell 的自动补全脚本。
生成的脚本怎样使用，见各子命令的帮助。`,
	},
	"rotaplan completion bash": {
		Short: "生成 bash 的自动补全脚本",
		Long: `生成 bash 的自动补全脚本。

脚本依赖 bash-completion 软件包；如果还没有安装，可以用系统的软件包
管理器安装。

在当前会话中加载补全：

	source <(rotaplan completion bash)

要让以后每个会话都加载，执行一次：

#### Linux：

	rotaplan completion bash > /etc/bash_completion.d/rotaplan

#### macOS：

	rotaplan completion bash > $(brew --prefix)/etc/bash_completion.d/rotaplan

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": zhNoDesc},
	},
	"rotaplan completion zsh": {
		Short: "生成 zsh 的自动补全脚本",
		Long: `生成 zsh 的自动补全脚本。

如果环境中还没有启用 shell 补全，需要先启用，执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前会话中加载补全：

	source <(rotaplan completion zsh)

要让以后每个会话都加载，执行一次：

#### Linux：

	rotaplan completion zsh > "${fpath[1]}/_rotaplan"

#### macOS：

	rotaplan completion zsh > $(brew --prefix)/share/zsh/site-functions/_rotaplan

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": zhNoDesc},
	},
	"rotaplan completion fish": {
		Short: "生成 fish 的自动补全脚本",
		Long: `生成 fish 的自动补全脚本。

在当前会话中加载补全：

	rotaplan completion fish | source

要让以后每个会话都加载，执行一次：

	rotaplan completion fish > ~/.config/fish/completions/rotaplan.fish

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": zhNoDesc},
	},
	"rotaplan completion powershell": {
		Short: "生成 PowerShell 的自动补全脚本",
		Long: `生成 PowerShell 的自动补全脚本。

在当前会话中加载补全：

	rotaplan completion powershell | Out-String | Invoke-Expression

要让以后每个会话都加载，把上面这条命令加到 PowerShell 配置文件
（$PROFILE）中。`,
		Flags: map[string]string{"no-descriptions": zhNoDesc},
	},
}
