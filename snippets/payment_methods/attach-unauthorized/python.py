import vinr

vinr.api_key = "sk_test_wrong"

try:
    vinr.PaymentMethod.attach("cust_8aZ2", payment_method="pm_4xK7")
except vinr.AuthenticationError as err:
    print(err.http_status, err.code, err.param)
