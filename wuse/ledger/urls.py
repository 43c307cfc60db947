from django.urls import path

from . import views, views_accounts, views_me, views_shop

app_name = "ledger"
urlpatterns = [
    path("", views.home, name="home"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/accounts/", views.account_list, name="accounts"),
    path("schemes/<int:pk>/accounts/open/", views.account_open, name="account_open"),
    path("accounts/<int:pk>/", views_accounts.account_detail, name="account"),
    path("accounts/<int:pk>/spend/", views_accounts.account_spend, name="spend"),
    path("accounts/<int:pk>/transfer/", views_accounts.account_transfer, name="transfer"),
    path("accounts/<int:pk>/donate/", views_accounts.account_donate, name="donate"),
    path("accounts/<int:pk>/adjust/", views_accounts.account_adjust, name="adjust"),
    path("accounts/<int:pk>/statement.xlsx", views_accounts.account_export, name="statement"),
    path("adjustments/", views_accounts.adjustment_list, name="adjustments"),
    path("adjustments/<int:pk>/approve/", views_accounts.adjustment_approve, name="adjustment_approve"),
    path("adjustments/<int:pk>/reject/", views_accounts.adjustment_reject, name="adjustment_reject"),
    path("shop/", views_shop.shop, name="shop"),
    path("shop/items/new/", views_shop.item_create, name="item_create"),
    path("shop/items/<int:pk>/edit/", views_shop.item_edit, name="item_edit"),
    path("shop/items/<int:pk>/redeem/", views_shop.item_redeem, name="item_redeem"),
    path("orders/", views_shop.order_list, name="orders"),
    path("orders/<int:pk>/fulfil/", views_shop.order_fulfil, name="order_fulfil"),
    path("orders/<int:pk>/cancel/", views_shop.order_cancel, name="order_cancel"),
    path("me/", views_me.me, name="me"),
    path("me/accounts/<int:pk>/", views_me.me_account, name="me_account"),
    path("me/accounts/<int:pk>/statement.xlsx", views_me.me_export, name="me_statement"),
    path("me/shop/", views_me.me_shop, name="me_shop"),
    path("me/shop/<int:item_pk>/redeem/", views_me.me_redeem, name="me_redeem"),
]
