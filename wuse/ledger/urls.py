from django.urls import path

from .views import accounts, me, schemes, shop

app_name = "ledger"
urlpatterns = [
    path("", schemes.home, name="home"),
    path("schemes/", schemes.scheme_list, name="schemes"),
    path("schemes/new/", schemes.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", schemes.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/accounts/", schemes.account_list, name="accounts"),
    path("schemes/<int:pk>/accounts/open/", schemes.account_open, name="account_open"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account"),
    path("accounts/<int:pk>/spend/", accounts.account_spend, name="spend"),
    path("accounts/<int:pk>/transfer/", accounts.account_transfer, name="transfer"),
    path("accounts/<int:pk>/donate/", accounts.account_donate, name="donate"),
    path("accounts/<int:pk>/adjust/", accounts.account_adjust, name="adjust"),
    path("accounts/<int:pk>/statement.xlsx", accounts.account_export, name="statement"),
    path("adjustments/", accounts.adjustment_list, name="adjustments"),
    path("adjustments/<int:pk>/approve/", accounts.adjustment_approve, name="adjustment_approve"),
    path("adjustments/<int:pk>/reject/", accounts.adjustment_reject, name="adjustment_reject"),
    path("shop/", shop.shop, name="shop"),
    path("shop/items/new/", shop.item_create, name="item_create"),
    path("shop/items/<int:pk>/edit/", shop.item_edit, name="item_edit"),
    path("shop/items/<int:pk>/redeem/", shop.item_redeem, name="item_redeem"),
    path("orders/", shop.order_list, name="orders"),
    path("orders/<int:pk>/fulfil/", shop.order_fulfil, name="order_fulfil"),
    path("orders/<int:pk>/cancel/", shop.order_cancel, name="order_cancel"),
    path("me/", me.me, name="me"),
    path("me/accounts/<int:pk>/", me.me_account, name="me_account"),
    path("me/accounts/<int:pk>/statement.xlsx", me.me_export, name="me_statement"),
    path("me/shop/", me.me_shop, name="me_shop"),
    path("me/shop/<int:item_pk>/redeem/", me.me_redeem, name="me_redeem"),
]
