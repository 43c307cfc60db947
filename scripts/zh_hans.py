"""The zh-hans wording of wuse's interface, applied to the catalog by `make messages`.

Keys are the English msgids in the code and templates. Run
``python scripts/zh_hans.py`` after ``makemessages`` to fill the catalog; it
lists any msgid still without a translation and exits non-zero if there is one.
"""

import sys

ZH = {
    # navigation and shell
    "Five-Society Linkage": "五社联动",
    "Five-Society Linkage case management": "五社联动服务管理平台",
    "Menu": "菜单",
    "Sign out": "退出登录",
    "Breadcrumbs": "当前位置",
    "Home": "首页",
    "Welcome, %(name)s": "欢迎，%(name)s",
    "Your account holds no role at any unit yet. Ask the system administrator to assign one.":
        "您的账号尚未在任何单位分配角色，请联系系统管理员分配。",
    "Division code": "区划代码",
    "Needs in this unit": "本单位的需求",
    "Units below": "下级单位",
    "Name": "名称",
    "Pages": "分页",
    "Previous": "上一页",
    "Next": "下一页",
    "Page %(number)s of %(total)s": "第 %(number)s 页，共 %(total)s 页",
    # errors
    "Access denied": "无权访问",
    "Your role does not allow this action. If you need it, ask your unit's administrator.":
        "您的角色无权执行此操作。如确有需要，请联系本单位管理员。",
    "Back to the home page": "返回首页",
    "Page not found": "页面不存在",
    "The page does not exist or you may not see it.": "页面不存在，或您无权查看。",
    # sign-in
    "Sign in": "登录",
    "Account locked": "账号已锁定",
    "Back to sign in": "返回登录",
    "Too many failed sign-in attempts. This account is locked for %(minutes)s minutes; try again later or ask "
    "the security administrator.": "登录失败次数过多，该账号已被锁定 %(minutes)s 分钟。请稍后再试，或联系安全管理员。",
    "Demo mode: the second factor (TOTP) that production requires for administrators and city accounts is "
    "switched off here.": "演示模式：生产环境要求管理员和市级账号使用的动态口令（TOTP）双因素认证在此已关闭。",
    "Second factor": "双因素认证",
    "Scan this code with an authenticator app (or type the key), then enter the 6-digit code it shows.":
        "请用身份验证器应用扫描二维码（或手动输入密钥），然后输入应用显示的6位动态口令。",
    "Enter the 6-digit code from your authenticator app.": "请输入身份验证器应用中的6位动态口令。",
    "Confirm code": "确认",
    "Verify": "核实",
    "Wrong username or password. After %(limit)s failed attempts the account is locked for %(minutes)s minutes.":
        "用户名或密码错误。连续失败 %(limit)s 次后，账号将被锁定 %(minutes)s 分钟。",
    "This account is disabled.": "该账号已停用。",
    "6-digit code": "6位动态口令",
    "Enter the 6 digits shown in your authenticator app.": "请输入身份验证器应用显示的6位数字。",
    "Your session has expired. Please sign in again.": "登录已过期，请重新登录。",
    "Second factor verified.": "双因素认证已通过。",
    "The code is wrong or has expired. Try the current code.": "动态口令错误或已过期，请输入当前显示的口令。",
    # accounts and roles
    "full name": "姓名",
    "user": "用户",
    "users": "用户",
    "unit": "单位",
    "role": "角色",
    "created": "创建时间",
    "role membership": "角色分配",
    "role memberships": "角色分配",
    "A %(role)s must be placed at a %(level)s unit.": "“%(role)s”只能分配在%(level)s一级的单位。",
    "City civil-affairs admin": "市民政局管理员",
    "District civil-affairs reviewer": "区县（市）民政局审核员",
    "Street officer": "街道（乡镇）干部",
    "Community staff": "社区工作者",
    "Organization member": "社会组织成员",
    "Third-party evaluator": "第三方评估员",
    "Volunteer": "志愿者",
    "System administrator": "系统管理员",
    "Audit administrator": "审计管理员",
    "Security administrator": "安全管理员",
    # audit
    "Audit log": "审计日志",
    "Action starts with…": "操作代码开头…",
    "Filter": "筛选",
    "time": "时间",
    "IP address": "IP地址",
    "action": "操作",
    "object": "对象",
    "changed fields": "变更字段",
    "outcome": "结果",
    "Nothing recorded yet.": "暂无记录。",
    "Success": "成功",
    "Denied": "拒绝",
    "Failed": "失败",
    "username": "用户名",
    "object type": "对象类型",
    "object id": "对象编号",
    "detail": "详情",
    "audit entry": "审计记录",
    "audit log": "审计日志",
    # regions
    "City": "市",
    "District": "区县（市）",
    "Street": "街道（乡镇）",
    "Community": "社区（村）",
    "division code": "区划代码",
    "name": "名称",
    "level": "层级",
    "parent": "上级单位",
    "administrative unit": "行政区划",
    "administrative units": "行政区划",
    "header: missing column(s) %(cols)s; expected %(expected)s": "表头缺少列 %(cols)s；应为 %(expected)s",
    "line %(line)d: %(problem)s": "第 %(line)d 行：%(problem)s",
    "the row has the wrong number of columns": "该行的列数不对",
    "code is empty": "区划代码为空",
    "name is empty": "名称为空",
    "name is longer than 100 characters": "名称超过100个字符",
    "unknown level %(level)r; use one of %(levels)s": "未知层级 %(level)r，应为 %(levels)s 之一",
    "duplicate code %(code)s (first on line %(first)d)": "区划代码 %(code)s 重复（首次出现在第 %(first)d 行）",
    "a city has no parent, but parent_code is %(p)s": "市级单位不应有上级，但上级代码为 %(p)s",
    "parent_code is empty; a %(level)s needs a parent": "上级代码为空；%(level)s级单位必须有上级",
    "unknown parent %(p)s (not in this file nor in the database)": "上级代码 %(p)s 不存在（文件和数据库中均未找到）",
    "parent %(p)s is a %(got)s; a %(level)s's parent must be a %(want)s":
        "上级 %(p)s 是%(got)s级单位；%(level)s级单位的上级应为%(want)s级",
    "code %(code)s does not start with its parent's prefix %(prefix)s": "区划代码 %(code)s 与上级前缀 %(prefix)s 不符",
    "the file has no data rows": "文件中没有数据行",
    "code %(code)s must contain digits only": "区划代码 %(code)s 只能包含数字",
    "code %(code)s has %(n)d digits; a %(level)s code has %(lengths)s":
        "区划代码 %(code)s 有 %(n)d 位；%(level)s级代码应为 %(lengths)s 位",
    "code %(code)s has non-zero digits after the %(level)s part": "区划代码 %(code)s 在%(level)s级部分之后有非零数字",
    "code %(code)s is not a valid %(level)s code (its own part is zero)":
        "区划代码 %(code)s 不是有效的%(level)s级代码（本级编号为零）",
    # workflow
    "process": "流程",
    "transition": "操作",
    "from": "原状态",
    "to": "新状态",
    "by": "操作人",
    "reason": "理由",
    "state change": "状态变更",
    "state changes": "状态变更",
    "Unknown action “%(name)s”.": "未知操作“%(name)s”。",
    "Cannot “%(action)s”: the record is now “%(state)s”. Reload the page to see what changed.":
        "无法“%(action)s”：该记录当前状态为“%(state)s”。请刷新页面查看变化。",
    "You may not “%(action)s” this record.": "您无权对该记录执行“%(action)s”。",
    "Please give a reason for “%(action)s”.": "请填写“%(action)s”的理由。",
    # needs
    "Needs": "需求清单",
    "need": "需求",
    "needs": "需求",
    "Choose a community": "请选择社区",
    "Enter a title.": "请填写标题。",
    "title": "标题",
    "description": "描述",
    "Reason": "理由",
    "community": "社区",
    "status": "状态",
    "registered by": "登记人",
    "registered": "登记时间",
    "updated": "更新时间",
    "A need belongs to a community.": "需求必须归属于一个社区。",
    "You may not register needs for this community.": "您无权为该社区登记需求。",
    "You may not edit this need.": "您无权修改该需求。",
    "This need was changed by someone else while you were editing it.": "您编辑期间，该需求已被他人修改。",
    "Need not adopted: %(title)s": "需求未予采纳：%(title)s",
    "The need “%(title)s” was not adopted. See its page for the reason.":
        "需求“%(title)s”未予采纳，理由请见需求详情页。",
    "Need registered.": "需求已登记。",
    "Changes saved.": "修改已保存。",
    "Status updated.": "状态已更新。",
    "Submitted": "已登记",
    "Verified": "已核实",
    "Listed": "已纳入清单",
    "Rejected": "不予采纳",
    "Add to needs list": "纳入需求清单",
    "Reject": "不予采纳",
    "Edit": "修改",
    "Actions": "可执行操作",
    "Timeline": "办理记录",
    "Registered": "登记",
    "Edit need": "修改需求",
    "Save": "保存",
    "Cancel": "取消",
    "Register a need": "登记需求",
    "Submit": "提交",
    "All": "全部",
    "No needs here yet.": "暂无需求。",
    "The saved version now reads “%(title)s”. Your text is kept below; reload the page to start from the saved "
    "version.": "已保存的版本现为“%(title)s”。您填写的内容保留在下方；刷新页面可从已保存的版本重新开始。",
}


def main(po_path: str = "locale/zh_Hans/LC_MESSAGES/django.po") -> int:
    import polib

    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.msgid in ZH:
            entry.msgstr = ZH[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(po_path)
    for msgid in missing:
        print(f"no zh-hans translation: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
